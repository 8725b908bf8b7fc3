/* "Copy link" on event pages and on filtered views of the timeline.
 *
 * An event page (its .event-meta line) and a timeline page's filters
 * ([data-tl-filters], which keep the chosen filters in the address) get a
 * button that copies the page's current address, and a visible confirmation
 * beside it ("Link copied"), also read out by screen readers (role=status).
 * Where the browser refuses the clipboard, the confirmation shows the
 * address, selected, to copy by hand.
 */
(function () {
  "use strict";

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return Promise.reject(new Error("no clipboard"));
  }

  function addButton(after, label) {
    var box = document.createElement("span");
    box.className = "tl-copy";
    box.setAttribute("data-pagefind-ignore", "all");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-button tl-copy__button";
    button.textContent = label;
    var status = document.createElement("span");
    status.className = "tl-copy__status";
    status.setAttribute("role", "status");
    box.appendChild(button);
    box.appendChild(status);
    after.insertAdjacentElement("afterend", box);
    button.addEventListener("click", function () {
      var address = window.location.href;
      copyText(address).then(
        function () {
          status.textContent = "Link copied";
        },
        function () {
          status.textContent = "";
          var field = document.createElement("input");
          field.className = "tl-copy__address";
          field.readOnly = true;
          field.value = address;
          field.setAttribute("aria-label", "Address of this view");
          status.appendChild(field);
          field.select();
        }
      );
      window.clearTimeout(button._tlTimer);
      button._tlTimer = window.setTimeout(function () {
        status.textContent = "";
      }, 6000);
    });
  }

  var meta = document.querySelector(".md-content .event-meta");
  if (meta) {
    addButton(meta, "Copy link");
  }
  var filters = document.querySelector("[data-tl-filters] [data-tl-clear]");
  if (filters) {
    addButton(filters, "Copy link to this view");
  }
})();
