/* Filters of the timeline pages (/timeline/ and /timeline/<year>/).
 *
 * The page carries a hidden <form data-tl-filters> whose <select>s the
 * generator filled with the page's actors, places, topics and statuses, and
 * every event as a .tl-entry with data-actors, data-places, data-tags and
 * data-status. This script shows the form, hides the entries (and the month
 * and year headings left empty) that do not match every chosen filter, and
 * keeps the choice in the URL query, ?actor=<id>&place=<id>&tag=<tag>&status=<s>,
 * one history step per change, so that a shared link opens the same view and
 * Back and Forward step through the changes. Without JavaScript the form stays
 * hidden and every event stays visible.
 *
 * When the timeline is too long to list on one page (data-tl-index on the
 * form), /timeline/ lists only the years and the latest events; a filter then
 * loads data/filter-index.json (ids, dates, titles, statuses and facet ids,
 * no summaries) once and lists every matching event, linked to its page.
 */
(function () {
  "use strict";

  var FILTERS = [
    { param: "actor", data: "actors", many: true },
    { param: "place", data: "places", many: true },
    { param: "tag", data: "tags", many: true },
    { param: "status", data: "status", many: false },
  ];
  var PAGE_SIZE = 100;

  function plural(count, word) {
    return count.toLocaleString("en") + " " + word + (count === 1 ? "" : "s");
  }

  function words(value) {
    return value ? value.split(" ").filter(Boolean) : [];
  }

  /* The chosen filters, {param: value}, with empty values left out. */
  function stateFromQuery(search) {
    var query = new URLSearchParams(search);
    var state = {};
    FILTERS.forEach(function (filter) {
      var value = (query.get(filter.param) || "").trim();
      if (value) {
        state[filter.param] = value;
      }
    });
    return state;
  }

  function isActive(state) {
    return Object.keys(state).length > 0;
  }

  /* The page's URL with the filters in its query; other parameters are kept. */
  function urlFor(state) {
    var query = new URLSearchParams(window.location.search);
    FILTERS.forEach(function (filter) {
      query.delete(filter.param);
    });
    FILTERS.forEach(function (filter) {
      if (state[filter.param]) {
        query.set(filter.param, state[filter.param]);
      }
    });
    var search = query.toString();
    return window.location.pathname + (search ? "?" + search : "");
  }

  /* Does an event, given as {actors: [...], places: [...], tags: [...], status}, match? */
  function matches(event, state) {
    return FILTERS.every(function (filter) {
      var wanted = state[filter.param];
      if (!wanted) {
        return true;
      }
      var value = event[filter.data];
      return filter.many ? value.indexOf(wanted) !== -1 : value === wanted;
    });
  }

  function Filters(form) {
    this.form = form;
    this.article = form.closest("article") || document.body;
    this.status = this.article.querySelector("[data-tl-status]");
    this.selects = {};
    FILTERS.forEach(function (filter) {
      this.selects[filter.param] = form.elements[filter.param];
    }, this);
    this.entries = Array.prototype.map.call(
      this.article.querySelectorAll(".tl-entry"),
      function (element) {
        return {
          element: element,
          actors: words(element.getAttribute("data-actors")),
          places: words(element.getAttribute("data-places")),
          tags: words(element.getAttribute("data-tags")),
          status: element.getAttribute("data-status") || "",
        };
      }
    );
    // The headings that group the entries: those after the form.
    this.headings = Array.prototype.filter.call(
      this.article.querySelectorAll("h2, h3, h4, .tl-entry"),
      function (element) {
        return form.compareDocumentPosition(element) & Node.DOCUMENT_POSITION_FOLLOWING;
      }
    );
    this.total = parseInt(form.getAttribute("data-tl-total"), 10) || this.entries.length;
    this.indexUrl = form.getAttribute("data-tl-index");
    this.root = form.getAttribute("data-tl-root") || "./";
    this.results = this.article.querySelector("[data-tl-results]");
    this.index = null; // the loaded filter index, in index mode
    this.request = 0; // the latest change, so that a slow load cannot show stale results
  }

  Filters.prototype.start = function () {
    var self = this;
    this.form.hidden = false;
    this.form.addEventListener("submit", function (event) {
      event.preventDefault();
    });
    FILTERS.forEach(function (filter) {
      self.selects[filter.param].addEventListener("change", function () {
        var state = self.stateFromForm();
        self.markSet();
        window.history.pushState({ timelineFilters: state }, "", urlFor(state));
        self.apply(state);
      });
    });
    var clear = this.form.querySelector("[data-tl-clear]");
    clear.addEventListener("click", function () {
      if (isActive(self.stateFromForm())) {
        window.history.pushState({ timelineFilters: {} }, "", urlFor({}));
      }
      self.show({});
    });
    window.addEventListener("popstate", function () {
      self.show(stateFromQuery(window.location.search));
    });
    this.show(stateFromQuery(window.location.search));
  };

  /* Outline the controls that filter, so a glance shows what is chosen. */
  Filters.prototype.markSet = function () {
    FILTERS.forEach(function (filter) {
      var select = this.selects[filter.param];
      select.classList.toggle("tl-filters__select--set", select.value !== "");
    }, this);
  };

  Filters.prototype.stateFromForm = function () {
    var state = {};
    FILTERS.forEach(function (filter) {
      var value = this.selects[filter.param].value;
      if (value) {
        state[filter.param] = value;
      }
    }, this);
    return state;
  };

  /* Set the controls to `state`, then filter. */
  Filters.prototype.show = function (state) {
    FILTERS.forEach(function (filter) {
      var select = this.selects[filter.param];
      var value = state[filter.param] || "";
      var known = Array.prototype.some.call(select.options, function (option) {
        return option.value === value;
      });
      if (!known) {
        // A link may name something this page does not list: keep it visible
        // as a choice, so that the reader sees why nothing matches.
        var option = document.createElement("option");
        option.value = value;
        option.textContent = value;
        select.appendChild(option);
      }
      select.value = value;
    }, this);
    this.markSet();
    this.apply(state);
  };

  Filters.prototype.apply = function (state) {
    var active = isActive(state);
    this.form.classList.toggle("tl-filters--active", active);
    if (this.indexUrl) {
      this.applyIndex(state);
      return;
    }
    var shown = 0;
    this.entries.forEach(function (entry) {
      var visible = !active || matches(entry, state);
      entry.element.hidden = !visible;
      shown += visible ? 1 : 0;
    });
    this.hideEmptyHeadings(active);
    this.announce(active ? plural(shown, "event") + " of " + this.total.toLocaleString("en") +
      " match" + (shown === 1 ? "es" : "") : "Showing all " + plural(this.total, "event"));
  };

  /* Hide each heading all of whose entries are hidden, and its line in the table of contents. */
  Filters.prototype.hideEmptyHeadings = function (active) {
    var open = [];
    function close(section) {
      var empty = active && section.shown === 0;
      section.element.hidden = empty;
      if (section.element.id) {
        // Material draws the table of contents twice (sidebar, and drawer on phones)
        var links = document.querySelectorAll(
          '.md-nav--secondary a[href="#' + CSS.escape(section.element.id) + '"]'
        );
        Array.prototype.forEach.call(links, function (link) {
          link.closest("li").hidden = empty;
        });
      }
    }
    this.headings.forEach(function (element) {
      if (element.classList.contains("tl-entry")) {
        if (!element.hidden) {
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

  /* Index mode: the page lists only the latest events; matches come from the filter index. */
  Filters.prototype.applyIndex = function (state) {
    var self = this;
    var active = isActive(state);
    var request = ++this.request;
    this.entries.forEach(function (entry) {
      entry.element.hidden = active;
    });
    this.hideEmptyHeadings(active);
    if (!active) {
      this.results.hidden = true;
      this.results.textContent = "";
      this.announce("Showing the latest events; choose a filter to search all " +
        plural(this.total, "event"));
      return;
    }
    this.announce("Looking through all " + plural(this.total, "event") + "…");
    this.loadIndex().then(
      function (index) {
        if (request !== self.request) {
          return;
        }
        var found = index.events.filter(function (event) {
          return matches(event, state);
        });
        self.renderMatches(found);
        self.announce(plural(found.length, "event") + " of " +
          index.events.length.toLocaleString("en") + " match" + (found.length === 1 ? "es" : ""));
      },
      function () {
        if (request !== self.request) {
          return;
        }
        self.results.hidden = true;
        self.entries.forEach(function (entry) {
          entry.element.hidden = false;
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

  Filters.prototype.renderMatches = function (found) {
    var self = this;
    var results = this.results;
    results.textContent = "";
    results.hidden = false;
    var heading = document.createElement("h2");
    heading.id = "matching-events";
    heading.textContent = "Matching events";
    results.appendChild(heading);
    if (!found.length) {
      var none = document.createElement("p");
      none.textContent = "No event matches every filter. Clear a filter to see more.";
      results.appendChild(none);
      return;
    }
    var shown = 0;
    var list = null;
    var year = null;
    var more = document.createElement("button");
    more.type = "button";
    more.className = "md-button tl-results__more";

    function showMore() {
      var end = Math.min(found.length, shown + PAGE_SIZE);
      for (; shown < end; shown += 1) {
        var event = found[shown];
        if (event.year !== year) {
          year = event.year;
          var yearHeading = document.createElement("h3");
          yearHeading.textContent = year;
          list = document.createElement("ul");
          list.className = "tl-results__list";
          results.insertBefore(yearHeading, more);
          results.insertBefore(list, more);
        }
        list.appendChild(self.renderMatch(event));
      }
      var left = found.length - shown;
      more.hidden = left === 0;
      more.textContent = "Show " + plural(Math.min(left, PAGE_SIZE), "more event") +
        " (" + left.toLocaleString("en") + " left)";
    }

    results.appendChild(more);
    more.addEventListener("click", function () {
      var first = shown;
      showMore();
      // keep the keyboard where the reader was reading: on the first new entry
      var links = results.querySelectorAll(".tl-results__list a");
      if (links[first]) {
        links[first].focus();
      }
    });
    showMore();
  };

  Filters.prototype.renderMatch = function (event) {
    var item = document.createElement("li");
    var date = document.createElement("span");
    date.className = "event-list__date";
    date.textContent = event.date;
    var link = document.createElement("a");
    link.href = this.root + "events/" + encodeURIComponent(event.id) + "/";
    link.textContent = event.title;
    var badge = document.createElement("span");
    badge.className = "status status--" + event.status;
    badge.textContent = event.status.charAt(0).toUpperCase() + event.status.slice(1);
    item.append(date, link, " ", badge);
    return item;
  };

  /* The filter index (format 1, see generator/exports/filter_index.py) as a list of
     events shaped like the page's entries: {id, date, year, title, status, actors, places,
     tags}. Ids stand in the rows as numbers, positions in the tables before them. */
  function readIndex(data) {
    if (data.format !== 1) {
      throw new Error("filter index: unknown format " + data.format);
    }
    function ids(table) {
      return table.map(function (row) {
        return Array.isArray(row) ? row[0] : row;
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
