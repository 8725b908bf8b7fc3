/* Moving around a page of events with the keyboard.
 *
 * - A skip link, the first thing Tab reaches, to the first event of the page.
 * - j / k (and the down / up arrows while an event has the focus) move the
 *   focus to the next / previous event shown (the filters may hide some), with
 *   a visible outline; the About page documents the keys.
 * - "Jump to date" (the form the generator writes on /timeline/ and the year
 *   pages) moves the focus to the first event on or after a day; where the
 *   page lists only the latest events, it opens that year's page at the day
 *   (#date=YYYY-MM-DD, read back here).
 *
 * - The chart marks where the reader is: the bar whose period holds the first
 *   event in the upper part of the window is drawn in the text colour
 *   (.tl-chart__link--here), and follows as the reader scrolls; events the
 *   filters add (index results) are followed too. Without JavaScript the chart
 *   simply has no mark.
 *
 * Events are the .tl-entry blocks of the generated pages (each with its
 * first day in data-date). Pages without events get nothing.
 */
(function () {
  "use strict";

  var ENTRY = ".tl-entry";

  function shown() {
    return Array.prototype.filter.call(document.querySelectorAll(ENTRY), function (entry) {
      return entry.offsetParent !== null || entry.getClientRects().length > 0;
    });
  }

  function focusEntry(entry) {
    if (!entry) {
      return false;
    }
    entry.setAttribute("tabindex", "-1");
    entry.focus({ preventScroll: true });
    entry.scrollIntoView({ block: "center" });
    return true;
  }

  function step(by) {
    var entries = shown();
    if (!entries.length) {
      return false;
    }
    var current = document.activeElement && document.activeElement.closest
      ? document.activeElement.closest(ENTRY)
      : null;
    var index = entries.indexOf(current);
    if (index < 0) {
      // from nowhere: the first event below the top of the window (or above it, going up)
      var below = entries.findIndex(function (e) { return e.getBoundingClientRect().top >= 0; });
      index = below < 0 ? entries.length : below;
      return focusEntry(entries[by > 0 ? Math.min(index, entries.length - 1) : Math.max(index - 1, 0)]);
    }
    return focusEntry(entries[Math.min(Math.max(index + by, 0), entries.length - 1)]);
  }

  function typing(target) {
    return (
      target instanceof HTMLElement &&
      (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))
    );
  }

  function addSkipLink(first) {
    first.id = first.id || "first-event";
    var link = document.createElement("a");
    link.className = "tl-skip";
    link.href = "#" + first.id;
    link.textContent = "Skip to the first event";
    link.addEventListener("click", function (event) {
      event.preventDefault();
      focusEntry(shown()[0] || first);
    });
    document.body.insertBefore(link, document.body.firstChild);
  }

  function firstOnOrAfter(day) {
    return shown().find(function (entry) {
      return (entry.getAttribute("data-date") || "") >= day;
    });
  }

  function jumpTo(day, status) {
    var entry = firstOnOrAfter(day);
    if (entry) {
      status.textContent = "";
      return focusEntry(entry);
    }
    // /timeline/ listing only the latest events: that year's page, at the day
    var year = String(parseInt(day.slice(0, 4), 10)).padStart(4, "0");
    var link = Array.prototype.find.call(
      document.querySelectorAll(".timeline-years__year a"),
      function (a) { return a.textContent.trim() === year; }
    );
    if (link) {
      window.location.href = link.href + "#date=" + day;
      return true;
    }
    status.textContent = "No event on or after that day here.";
    return false;
  }

  function setUpJump() {
    var form = document.querySelector("[data-tl-jump]");
    if (!form) {
      return;
    }
    var input = form.querySelector("input[name=date]");
    var status = form.querySelector("[data-tl-jump-status]");
    form.hidden = false;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (input.value) {
        jumpTo(input.value, status);
      }
    });
    var wanted = /^#date=(\d{4}-\d{2}-\d{2})$/.exec(window.location.hash);
    if (wanted) {
      input.value = wanted[1];
      jumpTo(wanted[1], status);
    }
  }

  /* The bar of each chart whose days hold `day` (YYYYMMDD), marked; the others not. */
  function markBars(bars, day) {
    bars.forEach(function (bar) {
      var here = bar.from <= day && day <= bar.to;
      if (here !== bar.link.classList.contains("tl-chart__link--here")) {
        bar.link.classList.toggle("tl-chart__link--here", here);
      }
    });
  }

  function markPlace() {
    var bars = [];
    Array.prototype.forEach.call(document.querySelectorAll("svg[data-tl-chart] a[data-days]"),
      function (link) {
        var days = link.getAttribute("data-days").split(" ").map(Number);
        bars.push({ link: link, from: days[0], to: days[1] });
      });
    if (!bars.length || !("IntersectionObserver" in window)) {
      return;
    }
    var order = new Map(); // entry -> its place in the page, for the topmost in view
    var inView = new Set();
    var pending = false;
    function update() {
      pending = false;
      var top = null;
      inView.forEach(function (entry) {
        if (!entry.isConnected) {
          inView.delete(entry);
        } else if (top === null || order.get(entry) < order.get(top)) {
          top = entry;
        }
      });
      if (top) {
        markBars(bars, parseInt(top.getAttribute("data-day"), 10) || 0);
      }
    }
    // the upper half of the window, below the sticky header and headings
    var observer = new IntersectionObserver(function (changes) {
      changes.forEach(function (change) {
        if (change.isIntersecting) {
          inView.add(change.target);
        } else {
          inView.delete(change.target);
        }
      });
      if (!pending) {
        pending = true;
        window.requestAnimationFrame(update);
      }
    }, { rootMargin: "-96px 0px -50% 0px" });
    function follow() {
      Array.prototype.forEach.call(document.querySelectorAll(ENTRY + "[data-day]"),
        function (entry, index) {
          if (!order.has(entry)) {
            observer.observe(entry);
          }
          order.set(entry, index);
        });
    }
    follow();
    var article = document.querySelector("article") || document.body;
    var again = false;
    new MutationObserver(function () {
      // index results replace the list in one go: look again once, after it, when the
      // browser is idle (not in the frame that paints them)
      if (!again) {
        again = true;
        var look = function () {
          again = false;
          follow();
        };
        if (window.requestIdleCallback) {
          window.requestIdleCallback(look, { timeout: 200 });
        } else {
          window.setTimeout(look, 0);
        }
      }
    }).observe(article, { childList: true, subtree: true });
  }

  var first = document.querySelector(ENTRY);
  if (!first) {
    return;
  }
  addSkipLink(first);
  setUpJump();
  markPlace();
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) {
      return;
    }
    if (document.querySelector("dialog[open]") || typing(event.target)) {
      return;
    }
    var onEntry = event.target instanceof Element && event.target.closest(ENTRY);
    var by = 0;
    if (event.key === "j" || (onEntry && event.key === "ArrowDown")) {
      by = 1;
    } else if (event.key === "k" || (onEntry && event.key === "ArrowUp")) {
      by = -1;
    }
    if (by && step(by)) {
      event.preventDefault();
    }
  });
})();
