/* The search engine behind the search dialog: Pagefind's JavaScript API over one or
 * more index bundles, with their results merged in an order that stays right.
 *
 * The list of bundles comes from one place: search-bundles.json at the site's
 * root, which `timeline build` writes from generator/layout.py
 * ({"bundles": [{"path": "pagefind/", "first_year": 2015, "last_year": 2025}]}).
 * Each bundle is one Pagefind index; when the index is split (by whole years),
 * each bundle holds whole years that no other bundle holds.
 *
 * Pagefind's own mergeIndex() merges the results of several indexes by their
 * relevance score, which undoes a sort by date. So each bundle is searched as
 * an instance of its own (its pagefind.js imported from its folder), sorted
 * by the `date` sort attribute of the event pages (their place in the
 * timeline), and the sorted lists are joined in the order of the years their
 * bundles hold: correct because no two bundles share a year. Sorted by
 * relevance, the results of all bundles are merged by score, as mergeIndex does.
 *
 * Nothing is fetched until a search needs it: the bundles' scripts on the first
 * search (or when the reader points at the search button), the index chunks of
 * the words searched for, the filter lists only when the filters are opened,
 * and a result's page data only when its row is shown.
 *
 * window.TimelineSearchEngine(bundlesUrl, siteRoot) -> engine:
 *   engine.ready()                       -> Promise, once the bundles are loaded
 *   engine.search(query, {sort, filters}) -> Promise of [{load: () => Promise(data)}]
 *       sort: "relevance" | "date-asc" | "date-desc"; filters: {name: [values]}
 *   engine.filters()                     -> Promise of {name: {value: count}}
 */
(function () {
  "use strict";

  function byYears(a, b) {
    return a.first_year - b.first_year;
  }

  function mergeCounts(lists) {
    var merged = {};
    lists.forEach(function (filters) {
      Object.keys(filters || {}).forEach(function (name) {
        merged[name] = merged[name] || {};
        Object.keys(filters[name]).forEach(function (value) {
          merged[name][value] = (merged[name][value] || 0) + filters[name][value];
        });
      });
    });
    return merged;
  }

  function Engine(bundlesUrl, siteRoot) {
    this.bundlesUrl = bundlesUrl;
    this.siteRoot = siteRoot; // the site's address, ending in "/"
    this.loading = null;
    this.instances = []; // {bundle, pagefind}, in the order of the years they hold
  }

  Engine.prototype.ready = function () {
    var engine = this;
    if (!engine.loading) {
      engine.loading = fetch(engine.bundlesUrl)
        .then(function (response) {
          if (!response.ok) {
            throw new Error("no search index (" + response.status + ")");
          }
          return response.json();
        })
        .then(function (config) {
          var bundles = config.bundles.slice().sort(byYears);
          return Promise.all(
            bundles.map(function (bundle) {
              var folder = new URL(bundle.path, engine.siteRoot).href;
              return import(folder + "pagefind.js").then(function (pagefind) {
                return pagefind
                  .options({
                    basePath: new URL(folder).pathname,
                    baseUrl: new URL(engine.siteRoot).pathname,
                    excerptLength: 24,
                  })
                  .then(function () {
                    return { bundle: bundle, pagefind: pagefind };
                  });
              });
            })
          );
        })
        .then(function (instances) {
          engine.instances = instances;
          return engine;
        });
      engine.loading.catch(function () {
        engine.loading = null; // try again next time
      });
    }
    return engine.loading;
  };

  Engine.prototype.search = function (query, options) {
    var sort = (options && options.sort) || "relevance";
    var filters = (options && options.filters) || {};
    return this.ready().then(function (engine) {
      var asked = { filters: filters };
      if (sort !== "relevance") {
        asked.sort = { date: sort === "date-asc" ? "asc" : "desc" };
      }
      return Promise.all(
        engine.instances.map(function (instance) {
          return instance.pagefind.search(query || null, asked);
        })
      ).then(function (answers) {
        var lists = answers.map(function (answer) {
          return answer ? answer.results : [];
        });
        var results;
        if (sort === "relevance") {
          results = [].concat.apply([], lists).sort(function (a, b) {
            return b.score - a.score;
          });
        } else {
          // each list in date order; the bundles hold disjoint whole years, in order
          results = [].concat.apply([], sort === "date-asc" ? lists : lists.slice().reverse());
        }
        return results.map(function (result) {
          return { load: result.data };
        });
      });
    });
  };

  Engine.prototype.filters = function () {
    return this.ready().then(function (engine) {
      return Promise.all(
        engine.instances.map(function (instance) {
          return instance.pagefind.filters();
        })
      ).then(mergeCounts);
    });
  };

  window.TimelineSearchEngine = function (bundlesUrl, siteRoot) {
    return new Engine(bundlesUrl, siteRoot);
  };
})();
