/* Search from every page: a dialog whose results read as a timeline.
 *
 * The header (overrides/partials/site-search.html) carries a hidden Search
 * button (its icon only), the address of search-bundles.json and the site's
 * root. This script gives the button its label, its key and what it opens,
 * adds the line that says when search cannot run, and shows the button (on
 * 11,500 pages at 10,000 events those were 3 MB of the published site, for a
 * button that without JavaScript stays hidden); a click, "/" or Ctrl+K opens
 * the dialog. Searching goes
 * through search-engine.js (Pagefind's API over the index bundles that
 * `timeline build` writes), which fetches nothing before the first search.
 *
 * Each result is a row: the event's date, its status, its title (a link),
 * and an excerpt with the words found highlighted that does not repeat the
 * title. Results come ten to a page, by relevance or by date (newest or
 * oldest first), and can be narrowed by actor, topic, status and year (the
 * filter lists load when the reader opens them). The search is kept in the
 * address (?search=words&search-sort=date-desc&search-actor=...&search-page=2;
 * prefixed, so that they never mix with the timeline's own filters), so a
 * search can be shared; opening such an address opens the dialog on it.
 * Closing the dialog (Escape, or its Close button) takes the search out of
 * the address and puts the focus back on the Search button.
 *
 * A site built by plain `mkdocs build` or `mkdocs serve` has no search index:
 * the header then says that search needs `timeline build`.
 */
(function () {
  "use strict";

  var PAGE_SIZE = 10;
  var FILTERS = [
    { name: "actor", label: "Actor", any: "Any actor" },
    { name: "topic", label: "Topic", any: "Any topic" },
    { name: "status", label: "Status", any: "Any status" },
    { name: "year", label: "Year", any: "Any year" },
  ];
  var SORTS = [
    ["relevance", "Best match"],
    ["date-desc", "Newest first"],
    ["date-asc", "Oldest first"],
  ];
  var STATUSES = ["confirmed", "reported", "disputed", "retracted"];
  var PARAM = "search";

  var box = document.querySelector("[data-tl-search]");
  if (!box || !window.HTMLDialogElement || !window.TimelineSearchEngine) {
    return;
  }
  var root = new URL(box.getAttribute("data-tl-root"), window.location.href).href;
  var engine = window.TimelineSearchEngine(
    new URL(box.getAttribute("data-tl-bundles"), window.location.href).href,
    root
  );
  var button = box.querySelector("button");
  button.setAttribute("aria-haspopup", "dialog");
  button.setAttribute("aria-keyshortcuts", "/ Control+K");
  button.title = "Search events, people and topics (/)";
  button.append( // spaced by words, as the header's inline buttons are (not a flex gap)
    " ",
    element("span", { class: "tl-search__label" }, "Search"),
    " ",
    element("kbd", { class: "tl-search__key", "aria-hidden": "true" }, "/")
  );
  var problem = element("p", { class: "tl-search__problem", role: "status" });
  box.appendChild(problem);
  var dialog = null;
  var ui = {};
  var state = { query: "", sort: "relevance", filters: {}, page: 1 };
  var results = [];
  var asked = 0; // the number of the latest search: answers to older ones are dropped
  var typingTimer = null;
  var closing = false;

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      node.setAttribute(name, attributes[name]);
    });
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  /* ---- the address ---- */

  function stateFromAddress() {
    var query = new URLSearchParams(window.location.search);
    var found = { query: query.get(PARAM) || "", sort: "relevance", filters: {}, page: 1 };
    var sort = query.get(PARAM + "-sort");
    if (SORTS.some(function (s) { return s[0] === sort; })) {
      found.sort = sort;
    }
    FILTERS.forEach(function (filter) {
      var values = query.getAll(PARAM + "-" + filter.name).filter(Boolean);
      if (values.length) {
        found.filters[filter.name] = values;
      }
    });
    found.page = Math.max(1, parseInt(query.get(PARAM + "-page"), 10) || 1);
    return found;
  }

  function asked_for_search() {
    var query = new URLSearchParams(window.location.search);
    return query.has(PARAM) || FILTERS.some(function (f) { return query.has(PARAM + "-" + f.name); });
  }

  function writeAddress(keep) {
    var query = new URLSearchParams(window.location.search);
    [PARAM, PARAM + "-sort", PARAM + "-page"].concat(
      FILTERS.map(function (f) { return PARAM + "-" + f.name; })
    ).forEach(function (name) {
      query.delete(name);
    });
    if (keep) {
      if (state.query) {
        query.set(PARAM, state.query);
      }
      if (state.sort !== "relevance") {
        query.set(PARAM + "-sort", state.sort);
      }
      FILTERS.forEach(function (filter) {
        (state.filters[filter.name] || []).forEach(function (value) {
          query.append(PARAM + "-" + filter.name, value);
        });
      });
      if (state.page > 1) {
        query.set(PARAM + "-page", String(state.page));
      }
    }
    var search = query.toString();
    var address = window.location.pathname + (search ? "?" + search : "") + window.location.hash;
    window.history.replaceState(window.history.state, "", address);
  }

  /* ---- the dialog ---- */

  function build() {
    dialog = element("dialog", { class: "tl-search-dialog", "aria-label": "Search" });
    var form = element("form", { class: "tl-search-dialog__form", role: "search" });
    var label = element("label", { class: "tl-search-dialog__label", for: "tl-search-input" }, "Search events, people and topics");
    ui.input = element("input", {
      id: "tl-search-input",
      type: "search",
      class: "tl-search-dialog__input",
      autocomplete: "off",
      spellcheck: "false",
      placeholder: "Search",
    });
    var close = element("button", { type: "button", class: "tl-search-dialog__close" }, "Close");
    var head = element("div", { class: "tl-search-dialog__head" });
    head.append(ui.input, close);
    form.append(label, head);

    var options = element("div", { class: "tl-search-dialog__options" });
    ui.sort = element("select", { name: "sort", "aria-label": "Order of the results" });
    SORTS.forEach(function (sort) {
      ui.sort.append(element("option", { value: sort[0] }, sort[1]));
    });
    var sortLabel = element("label", { class: "tl-search-dialog__sort" }, "Order ");
    sortLabel.append(ui.sort);
    ui.filtersToggle = element("button", { type: "button", class: "tl-search-dialog__toggle", "aria-expanded": "false" }, "Filters");
    options.append(sortLabel, ui.filtersToggle);

    ui.filters = element("fieldset", { class: "tl-search-dialog__filters", hidden: "" });
    ui.filters.append(element("legend", {}, "Show only results that match"));
    ui.selects = {};
    FILTERS.forEach(function (filter) {
      var field = element("label", { class: "tl-search-dialog__filter" });
      field.append(element("span", {}, filter.label));
      var select = element("select", { name: filter.name });
      select.append(element("option", { value: "" }, filter.any));
      ui.selects[filter.name] = select;
      field.append(select);
      ui.filters.append(field);
    });

    ui.summary = element("p", { class: "tl-search-dialog__summary", role: "status", "aria-live": "polite" });
    ui.list = element("ol", { class: "tl-search-dialog__results" });
    ui.pager = element("nav", { class: "tl-search-dialog__pager", "aria-label": "Pages of results", hidden: "" });
    ui.previous = element("button", { type: "button" }, "Previous");
    ui.pageText = element("span", { class: "tl-search-dialog__page" });
    ui.next = element("button", { type: "button" }, "Next");
    ui.pager.append(ui.previous, ui.pageText, ui.next);

    dialog.append(form, options, ui.filters, ui.summary, ui.list, ui.pager);
    document.body.append(dialog);

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      run(true);
    });
    ui.input.addEventListener("input", function () {
      window.clearTimeout(typingTimer);
      typingTimer = window.setTimeout(function () { run(true); }, 250);
    });
    ui.sort.addEventListener("change", function () { run(true); });
    ui.filtersToggle.addEventListener("click", function () {
      showFilters(ui.filters.hidden);
    });
    Object.keys(ui.selects).forEach(function (name) {
      ui.selects[name].addEventListener("change", function () { run(true); });
    });
    ui.previous.addEventListener("click", function () { turn(-1); });
    ui.next.addEventListener("click", function () { turn(1); });
    close.addEventListener("click", shut);
    // Escape closes the dialog at once, even from the search field (which would
    // otherwise take the first Escape to empty itself)
    dialog.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        event.preventDefault();
        shut();
      }
    });
    // closed another way (the browser's own Escape): the same, a task later
    dialog.addEventListener("close", function () {
      if (!closing) {
        writeAddress(false);
        button.focus();
      }
    });
  }

  /* Close the dialog, take the search out of the address, focus the Search button. */
  function shut() {
    closing = true;
    dialog.close();
    writeAddress(false);
    button.focus();
    window.setTimeout(function () { closing = false; }, 0);
  }

  function showFilters(open) {
    ui.filters.hidden = !open;
    ui.filtersToggle.setAttribute("aria-expanded", String(open));
    if (open && !ui.filtersLoaded) {
      ui.filtersLoaded = engine.filters().then(fillFilters);
    }
    return ui.filtersLoaded || Promise.resolve();
  }

  function fillFilters(counts) {
    FILTERS.forEach(function (filter) {
      var select = ui.selects[filter.name];
      var chosen = (state.filters[filter.name] || [])[0] || "";
      while (select.options.length > 1) {
        select.remove(1);
      }
      var values = Object.keys(counts[filter.name] || {});
      values.sort(function (a, b) {
        return filter.name === "year" ? b.localeCompare(a) : a.localeCompare(b, "en");
      });
      if (chosen && values.indexOf(chosen) < 0) {
        values.unshift(chosen);
      }
      values.forEach(function (value) {
        var count = (counts[filter.name] || {})[value];
        var option = element("option", { value: value }, value + (count ? " (" + count + ")" : ""));
        select.append(option);
      });
      select.value = chosen;
    });
  }

  function readForm() {
    state.query = ui.input.value.trim();
    state.sort = ui.sort.value;
    state.filters = {};
    FILTERS.forEach(function (filter) {
      var value = ui.selects[filter.name].value;
      if (value) {
        state.filters[filter.name] = [value];
      }
    });
  }

  function showState() {
    ui.input.value = state.query;
    ui.sort.value = state.sort;
    var anyFilter = Object.keys(state.filters).length > 0;
    FILTERS.forEach(function (filter) {
      var value = (state.filters[filter.name] || [])[0] || "";
      var select = ui.selects[filter.name];
      if (value && !Array.prototype.some.call(select.options, function (o) { return o.value === value; })) {
        select.append(element("option", { value: value }, value));
      }
      select.value = value;
    });
    if (anyFilter) {
      showFilters(true);
    }
  }

  /* ---- searching and showing results ---- */

  function run(fromForm) {
    if (fromForm) {
      readForm();
      state.page = 1;
    }
    var number = ++asked;
    var filtered = Object.keys(state.filters).length > 0;
    if (!state.query && !filtered) {
      results = [];
      ui.list.replaceChildren();
      ui.pager.hidden = true;
      ui.summary.textContent = "";
      writeAddress(true);
      return Promise.resolve();
    }
    ui.summary.textContent = "Searching…";
    return engine.search(state.query, { sort: state.sort, filters: state.filters }).then(
      function (found) {
        if (number !== asked) {
          return;
        }
        results = found;
        var pages = Math.max(1, Math.ceil(results.length / PAGE_SIZE));
        state.page = Math.min(state.page, pages);
        writeAddress(true);
        return showPage(number);
      },
      function () {
        ui.summary.textContent = "Search needs the index that timeline build makes; this copy has none.";
      }
    );
  }

  function turn(by) {
    state.page += by;
    writeAddress(true);
    showPage(asked).then(function () {
      var first = ui.list.querySelector("a");
      if (first) {
        first.focus();
      }
    });
  }

  function summaryText() {
    var count = results.length;
    var words = count.toLocaleString("en") + " result" + (count === 1 ? "" : "s");
    if (state.query) {
      words += " for “" + state.query + "”";
    }
    var order = { relevance: "best match first", "date-desc": "newest first", "date-asc": "oldest first" };
    if (count > 1) {
      words += ", " + order[state.sort];
    }
    return words + (count ? "." : ". Try other words or fewer filters.");
  }

  function showPage(number) {
    var pages = Math.max(1, Math.ceil(results.length / PAGE_SIZE));
    var shown = results.slice((state.page - 1) * PAGE_SIZE, state.page * PAGE_SIZE);
    return Promise.all(shown.map(function (result) { return result.load(); })).then(function (data) {
      if (number !== asked) {
        return;
      }
      ui.summary.textContent = summaryText();
      ui.list.replaceChildren.apply(ui.list, data.map(row));
      ui.list.start = (state.page - 1) * PAGE_SIZE + 1;
      ui.pager.hidden = pages < 2;
      ui.previous.disabled = state.page <= 1;
      ui.next.disabled = state.page >= pages;
      ui.pageText.textContent = "Page " + state.page + " of " + pages;
    });
  }

  /* The excerpt as Pagefind made it (text, escaped, with <mark> around the words
     found), rebuilt from its text and marks only, without the title it may start with. */
  function excerpt(html, title) {
    var holder = document.createElement("template");
    holder.innerHTML = html;
    var parts = [];
    holder.content.childNodes.forEach(function (node) {
      parts.push({ mark: node.nodeName === "MARK", text: node.textContent });
    });
    var text = parts.map(function (p) { return p.text; }).join("");
    var cut = titleAtStart(text, title);
    var paragraph = element("p", { class: "tl-hit__excerpt" });
    var at = 0;
    parts.forEach(function (part) {
      var start = Math.max(0, cut - at);
      var piece = part.text.slice(start);
      at += part.text.length;
      if (!piece) {
        return;
      }
      paragraph.append(part.mark ? element("mark", {}, piece) : document.createTextNode(piece));
    });
    paragraph.normalize();
    return paragraph.textContent.trim() ? paragraph : null;
  }

  /* How many characters at the start of `text` are the title (or its end: an excerpt
     may begin inside it), with the punctuation after it. */
  function titleAtStart(text, title) {
    var plain = (title || "").trim();
    for (var from = 0; from < plain.length; from++) {
      var rest = plain.slice(from);
      if (rest.length < 12 && from > 0) {
        break;
      }
      if (text.indexOf(rest) === 0 && (from === 0 || /\s/.test(plain[from - 1]))) {
        var after = text.slice(rest.length).match(/^[.:;,]?\s*/)[0];
        return rest.length + after.length;
      }
    }
    return 0;
  }

  function row(data) {
    var meta = data.meta || {};
    var item = element("li", { class: "tl-hit" });
    var line = element("p", { class: "tl-hit__meta" });
    if (meta.when) {
      line.append(element("span", { class: "tl-hit__date" }, meta.when));
    }
    if (STATUSES.indexOf(meta.status) >= 0) {
      line.append(
        element("span", { class: "status status--" + meta.status }, meta.status[0].toUpperCase() + meta.status.slice(1))
      );
    }
    var title = element("p", { class: "tl-hit__title" });
    title.append(element("a", { href: data.url }, meta.title || data.url));
    if (line.childNodes.length) {
      item.append(line);
    }
    item.append(title);
    var words = excerpt(data.excerpt || "", meta.title);
    if (words) {
      item.append(words);
    }
    return item;
  }

  /* ---- opening ---- */

  function open() {
    problem.textContent = "";
    if (!dialog) {
      build();
    }
    if (!dialog.open) {
      dialog.showModal();
    }
    ui.input.focus();
    engine.ready().catch(function () {
      problem.textContent = "Search needs the index that timeline build makes; this copy has none.";
      shut();
    });
  }

  function typing(target) {
    return (
      target instanceof HTMLElement &&
      (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))
    );
  }

  box.hidden = false;
  button.addEventListener("click", open);
  // Start loading as soon as the reader shows an interest, so the first search is quick.
  button.addEventListener("pointerenter", function () {
    engine.ready().catch(function () {});
  }, { once: true });
  document.addEventListener("keydown", function (event) {
    var slash = event.key === "/" && !event.ctrlKey && !event.metaKey && !event.altKey;
    var modK = (event.ctrlKey || event.metaKey) && (event.key === "k" || event.key === "K");
    if ((slash && !typing(event.target)) || modK) {
      if (dialog && dialog.open) {
        if (modK) {
          event.preventDefault();
          ui.input.focus();
        }
        return;
      }
      event.preventDefault();
      open();
    }
  });
  if (asked_for_search()) {
    state = stateFromAddress();
    open();
    showState();
    run(false);
  }
})();
