/* Filters of the timeline pages (/timeline/ and the year pages).
 *
 * The page carries a hidden <form data-tl-filters> that the generator filled
 * (templates/_filters.md.j2): a box per choice for short lists (statuses), a
 * type-ahead field for long ones (actors, places, topics: their choices travel
 * as JSON and become a <datalist> when a reader first types), and a date range.
 * Every event is a .tl-entry with data-actors, data-places, data-tags,
 * data-status and data-day (YYYYMMDD). This script shows the form, hides the
 * entries (and the headings and gap marks left meaningless) that do not
 * match, and keeps the choice in the URL query, one history step per change
 * (taken once the page has painted the change):
 *
 *   ?actor=<id>&actor=<id>&place=<id>&tag=<tag>&status=<s>&from=YYYY-MM-DD&to=YYYY-MM-DD
 *
 * Several values of one facet match any of them; facets combine (all of
 * them). The links marked data-tl-carry (the years, the months, the pages of
 * a year) carry the query, so that a filter survives a change of year. Without
 * JavaScript the form stays hidden and every event stays visible.
 *
 * The chart of the page (templates/_chart.md.j2) is redrawn for the events a
 * filter leaves: each bar counts those within its days (data-days), so that
 * choosing an actor shows the shape of that actor's activity.
 *
 * Where the page does not list every event it filters (data-tl-index: /timeline/
 * of a long timeline, or a year cut into pages), a filter loads
 * data/filter-index.json once and lists the matching events as cards (without
 * their summaries, which the index does not hold), kept to the page's year
 * (data-tl-year) if it has one. Addresses come from the generator's layout
 * (data-tl-urls), never spelled here. Those cards carry the bands and labels of
 * the periods (data-tl-periods) as the generator draws them (render/periods.py).
 */
(function () {
  "use strict";

  var FACETS = [
    { param: "actor", data: "actors", many: true },
    { param: "place", data: "places", many: true },
    { param: "tag", data: "tags", many: true },
    { param: "status", data: "status", many: false },
  ];
  var DATES = ["from", "to"];
  var PAGE_SIZE = 100;
  // index results drawn at once after a change, and in each idle moment after it until the
  // page of results is complete: the list begins below the filter sheet, most of a screen
  // under the box the reader changed (1,340 px down at 1280 x 900, 1,500 on a phone), so a
  // few cards are all that can come into view first, and fewer cards to style and lay out
  // in the frame after the change are what make it quick on a slow phone
  var FIRST_SCREEN = 4;

  // one formatter: toLocaleString builds one per call, a few ms a change on a slow phone
  var NUMBERS = window.Intl ? new Intl.NumberFormat("en") : null;

  function number(count) {
    return NUMBERS ? NUMBERS.format(count) : String(count);
  }

  function plural(count, word) {
    return number(count) + " " + word + (count === 1 ? "" : "s");
  }

  function words(value) {
    return value ? value.split(" ").filter(Boolean) : [];
  }

  function dayNumber(value) {
    return value ? parseInt(value.replace(/-/g, ""), 10) : null;
  }

  function emptyState() {
    var state = { from: "", to: "" };
    FACETS.forEach(function (facet) {
      state[facet.param] = [];
    });
    return state;
  }

  function stateFromQuery(search) {
    var query = new URLSearchParams(search);
    var state = emptyState();
    FACETS.forEach(function (facet) {
      query.getAll(facet.param).forEach(function (value) {
        value = value.trim();
        if (value && state[facet.param].indexOf(value) === -1) {
          state[facet.param].push(value);
        }
      });
    });
    DATES.forEach(function (name) {
      var value = (query.get(name) || "").trim();
      state[name] = /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : "";
    });
    return state;
  }

  function setCount(state) {
    var count = state.from ? 1 : 0;
    count += state.to ? 1 : 0;
    FACETS.forEach(function (facet) {
      count += state[facet.param].length;
    });
    return count;
  }

  /* The query of `state`, with the page's other parameters kept. */
  function queryFor(state, search) {
    var query = new URLSearchParams(search);
    FACETS.concat(DATES.map(function (name) { return { param: name }; })).forEach(function (f) {
      query.delete(f.param);
    });
    FACETS.forEach(function (facet) {
      state[facet.param].forEach(function (value) {
        query.append(facet.param, value);
      });
    });
    DATES.forEach(function (name) {
      if (state[name]) {
        query.set(name, state[name]);
      }
    });
    var text = query.toString();
    return text ? "?" + text : "";
  }

  /* A test of whether an event ({actors: [...], places: [...], tags: [...], status, day})
     matches `state`: made once per change, as plain loops over lookup tables, since it
     runs over every event of the filter index (10,000 of them) on a phone. */
  function matcher(state) {
    var from = dayNumber(state.from);
    var to = dayNumber(state.to);
    var tests = [];
    FACETS.forEach(function (facet) {
      var wanted = state[facet.param];
      if (wanted.length) {
        var set = Object.create(null);
        wanted.forEach(function (value) {
          set[value] = true;
        });
        tests.push({ data: facet.data, many: facet.many, set: set });
      }
    });
    return function (event) {
      if ((from && event.day < from) || (to && event.day > to)) {
        return false;
      }
      for (var t = 0; t < tests.length; t += 1) {
        var test = tests[t];
        var value = event[test.data];
        if (!test.many) {
          if (!test.set[value]) {
            return false;
          }
          continue;
        }
        var any = false;
        for (var i = 0; i < value.length && !any; i += 1) {
          any = test.set[value[i]] === true;
        }
        if (!any) {
          return false;
        }
      }
      return true;
    };
  }

  function Filters(form) {
    this.form = form;
    this.article = form.closest("article") || document.body;
    this.status = this.article.querySelector("[data-tl-status]");
    this.sheet = form.querySelector("[data-tl-sheet]");
    this.setLabel = form.querySelector("[data-tl-set]");
    this.clear = form.querySelector("[data-tl-clear]");
    this.urls = JSON.parse(form.getAttribute("data-tl-urls") || "{}");
    this.root = form.getAttribute("data-tl-root") || "./";
    this.indexUrl = form.getAttribute("data-tl-index");
    this.year = form.getAttribute("data-tl-year");
    this.results = this.article.querySelector("[data-tl-results]");
    this.total = parseInt(form.getAttribute("data-tl-total"), 10) || 0;
    // [[first day, last day (YYYYMMDD), name, dates], ...], in time order, not overlapping
    this.periods = JSON.parse(form.getAttribute("data-tl-periods") || "[]");
    this.labels = {}; // facet -> {value: label}
    this.entries = Array.prototype.map.call(
      this.article.querySelectorAll(".tl-entry"),
      function (element) {
        return {
          element: element,
          actors: words(element.getAttribute("data-actors")),
          places: words(element.getAttribute("data-places")),
          tags: words(element.getAttribute("data-tags")),
          status: element.getAttribute("data-status") || "",
          day: parseInt(element.getAttribute("data-day"), 10) || 0,
        };
      }
    );
    // The headings that group the entries, and the entries, in page order (after the form)
    this.flow = Array.prototype.filter.call(
      this.article.querySelectorAll("h2, h3, h4, .tl-entry"),
      function (element) {
        return form.compareDocumentPosition(element) & Node.DOCUMENT_POSITION_FOLLOWING;
      }
    );
    this.marks = this.article.querySelectorAll(".tl-gap");
    this.carried = Array.prototype.map.call(
      document.querySelectorAll("a[data-tl-carry]"),
      function (link) {
        return { link: link, href: link.getAttribute("href") };
      }
    );
    this.charts = readCharts(this.article);
    // the page's own axes (before any index result is drawn): in index mode they are
    // hidden whole, which restyles a few containers instead of every card
    this.axes = Array.prototype.slice.call(this.article.querySelectorAll(".tl-axis"));
    // and the marks outside them, which index mode hides one by one
    this.outerMarks = Array.prototype.filter.call(this.marks, function (mark) {
      return !mark.closest(".tl-axis");
    });
    this.index = null; // the loaded filter index, in index mode
    this.pool = null; // the events of the index a filter looks through
    this.request = 0; // the latest change, so that a slow load cannot show stale results
    this.state = emptyState();
  }

  Filters.prototype.start = function () {
    var self = this;
    this.form.hidden = false;
    this.form.addEventListener("submit", function (event) {
      event.preventDefault();
    });
    this.form.addEventListener("change", function (event) {
      var target = event.target;
      if (target.type === "checkbox" || DATES.indexOf(target.name) !== -1) {
        self.change(self.stateFromForm());
      }
    });
    Array.prototype.forEach.call(this.form.querySelectorAll("[data-tl-typeahead]"), function (input) {
      self.startTypeahead(input);
    });
    this.clear.addEventListener("click", function () {
      self.change(emptyState());
    });
    window.addEventListener("popstate", function () {
      self.show(stateFromQuery(window.location.search));
    });
    var first = stateFromQuery(window.location.search);
    if (this.sheet && setCount(first)) {
      this.sheet.open = true; // closed, one line, until a reader opens it or a link sets it
    }
    this.show(first);
  };

  /* One change by the reader: one history step, then the page follows. */
  Filters.prototype.change = function (state) {
    var search = queryFor(state, window.location.search);
    this.show(state);
    if (search !== window.location.search) {
      // the history step once the list is painted: the browser takes several ms over it
      // (a fifth of a change on a slow phone) that the reader need not wait for
      var address = window.location.pathname + search + window.location.hash;
      afterPaint(function () {
        window.history.pushState({ timelineFilters: true }, "", address);
      });
    }
  };

  Filters.prototype.options = function (facet) {
    if (!this.labels[facet]) {
      var script = this.form.querySelector('[data-tl-options="' + facet + '"]');
      var labels = {};
      var rows = script ? JSON.parse(script.textContent) : [];
      rows.forEach(function (row) {
        labels[row[0]] = row[1];
      });
      Array.prototype.forEach.call(
        this.form.querySelectorAll('input[type=checkbox][name="' + facet + '"]'),
        function (box) {
          labels[box.value] = box.parentNode.textContent.trim();
        }
      );
      this.labels[facet] = { rows: rows, byValue: labels };
    }
    return this.labels[facet];
  };

  Filters.prototype.startTypeahead = function (input) {
    var self = this;
    var facet = input.getAttribute("data-tl-typeahead");
    var list = document.getElementById(input.getAttribute("list"));
    function fill() {
      if (list.options.length) {
        return;
      }
      var fragment = document.createDocumentFragment();
      self.options(facet).rows.forEach(function (row) {
        var option = document.createElement("option");
        option.value = row[1] + " (" + number(row[2]) + ")";
        option.setAttribute("data-value", row[0]);
        fragment.appendChild(option);
      });
      list.appendChild(fragment);
    }
    function pick(exact) {
      var typed = input.value.trim().toLowerCase();
      if (!typed) {
        return;
      }
      fill();
      var found = null;
      Array.prototype.some.call(list.options, function (option) {
        var text = option.value.toLowerCase();
        if (exact ? text === typed : text.indexOf(typed) === 0) {
          found = option.getAttribute("data-value");
          return true;
        }
        return false;
      });
      if (found) {
        input.value = "";
        var state = self.stateFromForm();
        if (state[facet].indexOf(found) === -1) {
          state[facet].push(found);
        }
        self.change(state);
      }
    }
    input.addEventListener("focus", fill);
    input.addEventListener("input", function () {
      pick(true);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        pick(false);
      }
    });
  };

  Filters.prototype.stateFromForm = function () {
    var state = emptyState();
    var form = this.form;
    FACETS.forEach(function (facet) {
      var chosen = form.querySelector('[data-tl-chosen="' + facet.param + '"]');
      if (chosen) {
        state[facet.param] = Array.prototype.map.call(
          chosen.querySelectorAll("[data-value]"),
          function (chip) {
            return chip.getAttribute("data-value");
          }
        );
      } else {
        state[facet.param] = Array.prototype.filter.call(
          form.querySelectorAll('input[type=checkbox][name="' + facet.param + '"]'),
          function (box) {
            return box.checked;
          }
        ).map(function (box) {
          return box.value;
        });
      }
    });
    DATES.forEach(function (name) {
      var input = form.elements[name];
      state[name] = input && input.value ? input.value : "";
    });
    return state;
  };

  /* Set the controls to `state`, then filter. */
  Filters.prototype.show = function (state) {
    var self = this;
    this.state = state;
    FACETS.forEach(function (facet) {
      var chosen = self.form.querySelector('[data-tl-chosen="' + facet.param + '"]');
      if (chosen) {
        self.showChips(facet.param, chosen, state[facet.param]);
        return;
      }
      var boxes = self.form.querySelectorAll('input[type=checkbox][name="' + facet.param + '"]');
      var known = {};
      Array.prototype.forEach.call(boxes, function (box) {
        box.checked = state[facet.param].indexOf(box.value) !== -1;
        known[box.value] = true;
      });
      var fieldset = self.form.querySelector('[data-tl-facet="' + facet.param + '"]');
      state[facet.param].forEach(function (value) {
        if (!known[value] && fieldset) {
          // a link may name what this page does not list: show it, chosen, so that
          // the reader sees why nothing matches
          var label = document.createElement("label");
          label.className = "tl-facet__option";
          var box = document.createElement("input");
          box.type = "checkbox";
          box.name = facet.param;
          box.value = value;
          box.checked = true;
          label.append(box, " " + value);
          fieldset.appendChild(label);
        }
      });
    });
    DATES.forEach(function (name) {
      if (self.form.elements[name]) {
        self.form.elements[name].value = state[name];
      }
    });
    var count = setCount(state);
    this.clear.hidden = count === 0;
    this.setLabel.textContent = count ? "(" + plural(count, "choice") + ")" : "";
    this.form.classList.toggle("tl-filters--active", count > 0);
    this.carry(state);
    this.apply(state);
  };

  Filters.prototype.showChips = function (facet, chosen, values) {
    var self = this;
    var labels = this.options(facet).byValue;
    chosen.textContent = "";
    values.forEach(function (value) {
      var item = document.createElement("li");
      var chip = document.createElement("button");
      chip.type = "button";
      chip.className = "tl-chip";
      chip.setAttribute("data-value", value);
      chip.setAttribute("aria-label", "Remove " + (labels[value] || value));
      chip.textContent = (labels[value] || value) + " ×";
      chip.addEventListener("click", function () {
        var state = self.stateFromForm();
        state[facet] = state[facet].filter(function (one) {
          return one !== value;
        });
        self.change(state);
      });
      item.appendChild(chip);
      chosen.appendChild(item);
    });
  };

  /* The year, month and page links keep the filters. */
  Filters.prototype.carry = function (state) {
    var search = queryFor(state, "");
    this.carried.forEach(function (carried) {
      var parts = carried.href.split("#");
      var base = parts[0];
      if (!base) {
        return; // a link within the page keeps the page's own query
      }
      carried.link.setAttribute("href", base + search + (parts[1] ? "#" + parts[1] : ""));
    });
  };

  Filters.prototype.apply = function (state) {
    var active = setCount(state) > 0;
    var marks = this.indexUrl ? this.outerMarks : this.marks;
    Array.prototype.forEach.call(marks, function (mark) {
      mark.hidden = active; // gaps and spacing say nothing about a filtered list
    });
    this.article.classList.toggle("tl-filtered", active); // the room between cards (CSS)
    if (this.indexUrl) {
      this.applyIndex(state, active);
      return;
    }
    var matches = matcher(state);
    var shown = 0;
    var days = [];
    this.entries.forEach(function (entry) {
      var visible = !active || matches(entry);
      entry.element.hidden = !visible;
      shown += visible ? 1 : 0;
      if (visible) {
        days.push(entry.day);
      }
    });
    redrawCharts(this.charts, active ? days : null);
    this.hideEmptyHeadings(active);
    this.announce(active ? plural(shown, "event") + " of " + number(this.total) +
      " match" + (shown === 1 ? "es" : "") : "Showing all " + plural(this.total, "event"));
  };

  /* Hide each heading all of whose entries are hidden, and its line in the table of contents. */
  Filters.prototype.hideEmptyHeadings = function (active) {
    var open = [];
    function close(section) {
      var empty = active && section.shown === 0;
      if (section.element.hidden !== empty) {
        section.element.hidden = empty;
      }
      if (!section.element.tlContents) {
        // its lines in the table of contents: Material draws it twice (sidebar, and the
        // drawer on phones); looked up once, not on every change
        section.element.tlContents = section.element.id ? Array.prototype.map.call(
          document.querySelectorAll(
            '.md-nav--secondary a[href="#' + CSS.escape(section.element.id) + '"]'
          ),
          function (link) {
            return link.closest("li");
          }
        ) : [];
      }
      section.element.tlContents.forEach(function (item) {
        if (item.hidden !== empty) {
          item.hidden = empty;
        }
      });
    }
    this.flow.forEach(function (element) {
      if (element.classList.contains("tl-entry")) {
        if (!element.hidden && !element.parentNode.hidden) {
          open.forEach(function (section) {
            section.shown += 1;
          });
        }
        return;
      }
      var level = parseInt(element.tagName.charAt(1), 10);
      while (open.length && open[open.length - 1].level >= level) {
        close(open.pop());
      }
      open.push({ element: element, level: level, shown: 0 });
    });
    open.forEach(close);
  };

  Filters.prototype.announce = function (message) {
    if (this.status && this.status.textContent !== message) {
      this.status.textContent = message;
    }
  };

  /* Index mode: the page lists some events; matches come from the filter index. */
  Filters.prototype.applyIndex = function (state, active) {
    var self = this;
    var request = ++this.request;
    this.axes.forEach(function (axis) {
      axis.hidden = active;
    });
    this.hideEmptyHeadings(active);
    if (!active) {
      redrawCharts(this.charts, null);
      this.results.hidden = true;
      this.results.textContent = "";
      tableOfContents(null);
      this.announce("Choose a filter to search all " + plural(this.total, "event") +
        (this.year ? " of " + this.year : ""));
      return;
    }
    this.announce("Looking through all " + plural(this.total, "event") + "…");
    this.loadIndex().then(
      function (index) {
        if (request !== self.request) {
          return;
        }
        if (!self.pool) { // the events of the page's year, or all of them
          self.pool = self.year ? index.events.filter(function (event) {
            return event.year === self.year;
          }) : index.events;
        }
        var pool = self.pool;
        var found = pool.filter(matcher(state));
        redrawCharts(self.charts, found.map(function (event) {
          return event.day;
        }));
        self.renderMatches(found, index);
        self.announce(plural(found.length, "event") + " of " + number(pool.length) +
          " match" + (found.length === 1 ? "es" : ""));
      },
      function () {
        if (request !== self.request) {
          return;
        }
        self.results.hidden = true;
        tableOfContents(null);
        self.axes.forEach(function (axis) {
          axis.hidden = false;
        });
        self.hideEmptyHeadings(false);
        self.announce("The filters could not load the list of events; " +
          "the years above list every event.");
      }
    );
  };

  Filters.prototype.loadIndex = function () {
    if (!this.index) {
      var self = this;
      this.index = fetch(new URL(this.indexUrl, window.location.href))
        .then(function (response) {
          if (!response.ok) {
            throw new Error("filter index: HTTP " + response.status);
          }
          return response.json();
        })
        .then(readIndex)
        .catch(function (error) {
          self.index = null; // try again on the next change
          throw error;
        });
    }
    return this.index;
  };

  Filters.prototype.renderMatches = function (found, index) {
    var self = this;
    var results = this.results;
    results.textContent = "";
    results.hidden = false;
    var heading = document.createElement("h2");
    heading.id = "matching-events";
    heading.textContent = "Matching events";
    results.appendChild(heading);
    var contents = tableOfContents(heading);
    if (!found.length) {
      var none = document.createElement("p");
      none.textContent = "No event matches these filters. Remove a choice to see more.";
      results.appendChild(none);
      return;
    }
    var shown = 0;
    var axis = null;
    var year = null;
    var period = null; // of the card above, on the same axis
    var request = this.request;
    var more = document.createElement("button");
    more.type = "button";
    more.className = "md-button tl-results__more";

    function add(end) {
      for (; shown < end; shown += 1) {
        var event = found[shown];
        if (event.year !== year) {
          year = event.year;
          var yearHeading = document.createElement("h3");
          yearHeading.textContent = year;
          yearHeading.id = "matching-" + year;
          contents(yearHeading);
          axis = document.createElement("div");
          axis.className = "tl-axis";
          results.insertBefore(yearHeading, more);
          results.insertBefore(axis, more);
          period = null;
        }
        var card = self.renderMatch(event, index);
        var here = self.periodOf(event.day);
        if (here !== null) {
          card.className += " tl-band tl-band--" + (here % 2);
          if (here !== period) {
            axis.appendChild(self.periodLabel(here)); // where the period's cards begin
          }
        }
        period = here;
        axis.appendChild(card);
      }
    }

    function finish() {
      var left = found.length - shown;
      more.hidden = left === 0;
      more.textContent = "Show " + plural(Math.min(left, PAGE_SIZE), "more event") +
        " (" + number(left) + " left)";
      results.removeAttribute("aria-busy");
    }

    /* A page of results: at once when the reader asks for more; after a filter change,
       the first screen at once and the rest in idle time, so that the list the reader
       sees is painted without waiting for cards below it (aria-busy until all are in). */
    function showMore(atOnce) {
      var end = Math.min(found.length, shown + PAGE_SIZE);
      add(atOnce ? end : Math.min(end, shown + FIRST_SCREEN));
      if (shown >= end) {
        finish();
        return;
      }
      more.hidden = true;
      results.setAttribute("aria-busy", "true");
      later(function step() {
        if (request !== self.request) {
          return; // a newer change has replaced these results
        }
        add(Math.min(end, shown + FIRST_SCREEN));
        if (shown < end) {
          later(step);
        } else {
          finish();
        }
      });
    }

    results.appendChild(more);
    more.addEventListener("click", function () {
      var first = shown;
      showMore(true);
      // keep the keyboard where the reader was reading: on the first new entry
      var links = results.querySelectorAll(".tl-entry__title a");
      if (links[first]) {
        links[first].focus();
      }
    });
    showMore(false);
  };

  /* `task` once the next frame has been painted (or soon, in a tab that paints none). */
  function afterPaint(task) {
    var done = false;
    function run() {
      if (!done) {
        done = true;
        task();
      }
    }
    window.requestAnimationFrame(function () {
      window.setTimeout(run, 0);
    });
    window.setTimeout(run, 100);
  }

  function later(task) {
    if (window.requestIdleCallback) {
      window.requestIdleCallback(task, { timeout: 100 });
    } else {
      window.setTimeout(task, 0);
    }
  }

  /* The table of contents while index results replace the list (the page's own headings
     are hidden): "Matching events" and its years, in each copy Material draws (sidebar,
     and phone drawer). With no heading, the entries added before are removed. Returns
     a function that adds a year under it. */
  function tableOfContents(heading) {
    var lists = document.querySelectorAll(".md-nav--secondary > .md-nav__list");
    Array.prototype.forEach.call(document.querySelectorAll("[data-tl-toc]"), function (item) {
      item.remove();
    });
    if (!heading) {
      return null;
    }
    function item(target) {
      var li = document.createElement("li");
      li.className = "md-nav__item";
      li.setAttribute("data-tl-toc", "");
      var link = document.createElement("a");
      link.className = "md-nav__link";
      link.href = "#" + target.id;
      var text = document.createElement("span");
      text.className = "md-ellipsis";
      text.textContent = target.textContent;
      link.appendChild(text);
      li.appendChild(link);
      return li;
    }
    var sublists = Array.prototype.map.call(lists, function (list) {
      var top = item(heading);
      var nav = document.createElement("nav");
      nav.className = "md-nav";
      nav.setAttribute("aria-label", heading.textContent);
      var sub = document.createElement("ul");
      sub.className = "md-nav__list";
      nav.appendChild(sub);
      top.appendChild(nav);
      list.appendChild(top);
      return sub;
    });
    return function (yearHeading) {
      sublists.forEach(function (sub) {
        sub.appendChild(item(yearHeading));
      });
    };
  }

  Filters.prototype.address = function (kind, id) {
    return this.root + (this.urls[kind] || "").replace("{id}", encodeURIComponent(id));
  };

  function paragraph(className) {
    var element = document.createElement("p");
    element.className = className;
    return element;
  }

  /* The position of the period that holds `day` (YYYYMMDD), or null. */
  Filters.prototype.periodOf = function (day) {
    for (var position = 0; position < this.periods.length; position += 1) {
      if (this.periods[position][0] <= day && day <= this.periods[position][1]) {
        return position;
      }
    }
    return null;
  };

  /* A period's name and dates before its first card, as the generator writes them. */
  Filters.prototype.periodLabel = function (position) {
    var label = paragraph("tl-period tl-period--" + (position % 2));
    var name = document.createElement("span");
    name.className = "tl-period__name";
    name.textContent = this.periods[position][2];
    var dates = document.createElement("span");
    dates.className = "tl-period__dates";
    dates.textContent = this.periods[position][3];
    label.append(name, " ", dates);
    return label;
  };

  /* A matching event as a card like the page's own (without the summary). */
  Filters.prototype.renderMatch = function (event, index) {
    var self = this;
    var card = document.createElement("div");
    card.className = "tl-entry";
    card.setAttribute("data-day", event.day); // where timeline-navigation.js marks the chart
    var meta = paragraph("tl-entry__meta");
    var date = document.createElement("span");
    date.className = "tl-entry__date";
    date.textContent = event.date;
    var badge = document.createElement("span");
    badge.className = "status status--" + event.status;
    var spoken = document.createElement("span");
    spoken.className = "tl-sr";
    spoken.textContent = "Status: ";
    badge.append(spoken, event.status.charAt(0).toUpperCase() + event.status.slice(1));
    meta.append(date, " ", badge);
    var title = paragraph("tl-entry__title");
    var link = document.createElement("a");
    link.href = this.address("event", event.id);
    link.textContent = event.title;
    title.appendChild(link);
    card.append(meta, title);
    var who = paragraph("tl-entry__who");
    function names(kind, ids) {
      ids.forEach(function (id, position) {
        if (position) {
          who.append(", ");
        }
        var name = document.createElement("a");
        name.href = self.address(kind, id);
        name.textContent = index.names[id] || id;
        who.appendChild(name);
      });
    }
    names("actor", event.actors);
    if (event.actors.length && event.places.length) {
      who.append(" · ");
    }
    names("place", event.places);
    if (who.childNodes.length) {
      card.appendChild(who);
    }
    return card;
  };

  /* The charts of the page (templates/_chart.md.j2): each bar with its days and its
     drawing as the generator left it, to redraw for the events a filter leaves. */
  function readCharts(article) {
    return Array.prototype.map.call(article.querySelectorAll("svg[data-tl-chart]"), function (svg) {
      return {
        baseline: parseFloat(svg.getAttribute("data-baseline")),
        plot: parseFloat(svg.getAttribute("data-plot")),
        bars: Array.prototype.map.call(svg.querySelectorAll("a[data-days]"), function (link) {
          var days = link.getAttribute("data-days").split(" ").map(Number);
          var rect = link.querySelector(".tl-chart__bar");
          var count = link.querySelector(".tl-chart__count");
          var title = link.querySelector("title"); // the bar's name (no aria-label)
          var label = title.textContent;
          return {
            link: link,
            rect: rect,
            count: count,
            title: title,
            from: days[0],
            to: days[1],
            period: label.replace(/: [\d,]+ events?$/, ""),
            drawn: [rect.getAttribute("y"), rect.getAttribute("height"),
              count && count.getAttribute("y"), count && count.textContent, label],
          };
        }),
      };
    });
  }

  /* How many of the sorted days fall from `from` to `to`. */
  function between(days, from, to) {
    function first(value) {
      var low = 0;
      var high = days.length;
      while (low < high) {
        var middle = (low + high) >> 1;
        if (days[middle] < value) {
          low = middle + 1;
        } else {
          high = middle;
        }
      }
      return low;
    }
    return first(to + 1) - first(from);
  }

  /* Each bar counts the events left (their days), or is drawn as built (null). */
  function redrawCharts(charts, days) {
    // YYYYMMDD fits 32 bits: a typed array sorts numbers natively, without a comparator call
    var sorted = days && Int32Array.from(days).sort();
    charts.forEach(function (chart) {
      var counts = chart.bars.map(function (bar) {
        return sorted ? between(sorted, bar.from, bar.to) : 0;
      });
      var tallest = Math.max.apply(null, counts.concat([1]));
      chart.bars.forEach(function (bar, position) {
        var drawn = bar.drawn;
        var label = drawn[4];
        if (sorted) {
          var height = Math.round(chart.plot * counts[position] / tallest);
          drawn = [chart.baseline - height, height, chart.baseline - height - 4,
            counts[position] ? number(counts[position]) : "", null];
          label = bar.period + ": " + plural(counts[position], "event") + " match";
        }
        var now = [String(drawn[0]), String(drawn[1]), String(drawn[2]), drawn[3], label];
        if (bar.now && bar.now.join("\n") === now.join("\n")) {
          return; // as drawn already: no change for the browser to lay out again
        }
        bar.now = now;
        bar.rect.setAttribute("y", now[0]);
        bar.rect.setAttribute("height", now[1]);
        if (bar.count) {
          bar.count.setAttribute("y", now[2]);
          bar.count.textContent = now[3];
        }
        bar.title.textContent = label;
      });
    });
  }

  /* The filter index (format 1, see generator/exports/filter_index.py) as a list of
     events shaped like the page's entries: {id, date, year, title, status, actors, places,
     tags, day}, and the names of the actors and places by id. */
  function readIndex(data) {
    if (data.format !== 1) {
      throw new Error("filter index: unknown format " + data.format);
    }
    var names = {};
    function ids(table) {
      return table.map(function (row) {
        if (Array.isArray(row)) {
          names[row[0]] = row[1];
          return row[0];
        }
        return row;
      });
    }
    var actors = ids(data.actors);
    var places = ids(data.places);
    var tags = ids(data.tags);
    function lookup(table, positions) {
      return positions.map(function (position) {
        return table[position];
      });
    }
    return {
      names: names,
      events: data.events.map(function (row) {
        return {
          id: row[0],
          date: row[1],
          year: String(row[2]).padStart(4, "0"), // as the pages write it: '0999'
          title: row[3],
          status: data.statuses[row[4]],
          actors: lookup(actors, row[5]),
          places: lookup(places, row[6]),
          tags: lookup(tags, row[7]),
          day: row[8],
        };
      }),
    };
  }

  function start() {
    var form = document.querySelector("form[data-tl-filters]");
    if (form && window.URLSearchParams && window.history.pushState) {
      new Filters(form).start();
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
