/* Search from every page, with Pagefind.
 *
 * `timeline build` runs Pagefind over the built site, which writes the index
 * and Pagefind's own interface into pagefind/ at the site's root. The header
 * (overrides/partials/site-search.html) carries a hidden button and the path
 * of that folder relative to the page. This script shows the button and, on
 * the first search (a click, "/" or Ctrl+K), loads Pagefind's component
 * interface from that folder and opens its search dialog; the index pieces a
 * query needs are fetched as the reader types. The folder's address comes from
 * the page, so search and its result links work under a sub-path.
 *
 * A site built by plain `mkdocs build` or `mkdocs serve` has no pagefind/
 * folder: nothing is requested until the reader asks to search, and then the
 * header says that search needs `timeline build`.
 */
(function () {
  "use strict";

  var box = document.querySelector("[data-tl-search]");
  if (!box || !window.customElements || !window.HTMLDialogElement) {
    return;
  }
  var bundle = new URL(box.getAttribute("data-tl-bundle"), window.location.href).href;
  var button = box.querySelector("button");
  var status = box.querySelector("[data-tl-search-status]");
  var loading = null;

  function load() {
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var style = document.createElement("link");
        style.rel = "stylesheet";
        style.href = bundle + "pagefind-component-ui.css";
        document.head.appendChild(style);
        var script = document.createElement("script");
        script.src = bundle + "pagefind-component-ui.js";
        script.onload = resolve;
        script.onerror = function (error) {
          style.remove();
          script.remove();
          reject(error);
        };
        document.head.appendChild(script);
      }).then(function () {
        // Loaded after the page, Pagefind cannot tell where its script came from:
        // name its folder (under a sub-path, /us-mexico-timeline/pagefind/), from
        // which it also takes the base of the result links.
        window.PagefindComponents.configureInstance("default", {
          bundlePath: new URL(bundle).pathname,
        });
        var modal = document.createElement("pagefind-modal");
        document.body.appendChild(modal);
        return window.customElements.whenDefined("pagefind-modal").then(function () {
          return modal;
        });
      });
      loading.catch(function () {
        loading = null; // try again next time
      });
    }
    return loading;
  }

  // Pagefind counts its dialog as open until the dialog's "close" event, which
  // comes a task after the dialog closes; asked to open in between (a shortcut
  // right after Escape: key events come first on a busy machine), it does nothing.
  // So, then, open it once that event has come.
  function show(modal) {
    var dialog = modal.querySelector("dialog");
    modal.open();
    if (dialog && !dialog.open) {
      dialog.addEventListener("close", function () {
        modal.open();
      }, { once: true });
    }
  }

  function open() {
    status.textContent = "";
    load().then(
      function (modal) {
        show(modal);
        // Results list pages only: the sections of a page (its quotes, its
        // years) would repeat its title. (The dialog draws itself on first use.)
        var results = modal.querySelector("pagefind-results:not([hide-sub-results])");
        if (results) {
          results.setAttribute("hide-sub-results", "true");
        }
      },
      function () {
        status.textContent = "Search needs the index that timeline build makes; this copy has none.";
      }
    );
  }

  function typing(target) {
    return (
      target instanceof HTMLElement &&
      (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))
    );
  }

  box.hidden = false;
  button.addEventListener("click", open);
  // Start loading as soon as the reader shows an interest, so the dialog opens at once.
  button.addEventListener("pointerenter", function () {
    load().catch(function () {});
  }, { once: true });
  document.addEventListener("keydown", function (event) {
    var slash = event.key === "/" && !event.ctrlKey && !event.metaKey && !event.altKey;
    var modK = (event.ctrlKey || event.metaKey) && (event.key === "k" || event.key === "K");
    if ((slash && !typing(event.target)) || modK) {
      if (document.querySelector("dialog.pf-modal[open]")) {
        return;
      }
      event.preventDefault();
      open();
    }
  });
})();
