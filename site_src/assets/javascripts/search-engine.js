/* The search engine behind the search dialog: Pagefind's JavaScript API over one or
 * more index bundles, merged into one search whose orders stay right.
 *
 * The list of bundles comes from one place: search-bundles.json at the site's
 * root, which `timeline build` writes from generator/layout.py
 * ({"bundles": [{"path": "pagefind/site/", "year": null}, {"path": "pagefind/2015/",
 * "year": 2015}, ...]}). A small site has one bundle, pagefind/. A large one has a
 * bundle per year (its events and timeline pages) and a first bundle of every
 * page without a year; only the first holds Pagefind's script and WebAssembly.
 *
 * The first bundle's pagefind.js is imported once, and every other bundle is
 * merged into it (Pagefind's mergeIndex): they share its WebAssembly, and each
 * adds only its index metadata and the chunks of the words searched for, so
 * the first search stays small with many bundles (at 10,000 events, twelve
 * bundles: 72 kB of WebAssembly, 100 kB of metadata, a chunk of about 20 kB
 * per bundle and word). Pagefind runs in the page, not in its web worker,
 * whose script (41 kB) would take the first search past 500 kB; a search of
 * every bundle there takes milliseconds. Sorted by relevance, Pagefind merges the bundles' results by score
 * (each bundle scores against its own pages) and sums their filter counts (the
 * bundles share no page, so the counts are those of one index).
 *
 * Sorted by date, Pagefind ranks each bundle's results by date and gives each
 * the score of its rank within its bundle (0, -1, -2... oldest first), so a
 * merged search would interleave the bundles. So a date sort searches the
 * merged index once per year bundle, with that year's filter added (only that
 * bundle has pages of that year), and joins the lists in the order of the
 * years; newest first is that list reversed (no two events share a sort key:
 * the key ends with the id). Pages without a date (entities, timeline pages)
 * are never in a date-sorted list, as with one index. A year chosen in the
 * filters leaves only its own search.
 *
 * Nothing is fetched until a search needs it: Pagefind's script on the first
 * search (or when the reader points at the search button), the index chunks of
 * the words searched for, the filter lists only when the filters are opened,
 * and a result's page data only when its row is shown.
 *
 * window.TimelineSearchEngine(bundlesUrl, siteRoot) -> engine:
 *   engine.ready()                       -> Promise, once every bundle is merged
 *   engine.search(query, {sort, filters}) -> Promise of [{load: () => Promise(data)}]
 *       sort: "relevance" | "date-asc" | "date-desc"; filters: {name: [values]}
 *   engine.filters()                     -> Promise of {name: {value: count}}
 */
(function () {
  "use strict";

  function Engine(bundlesUrl, siteRoot) {
    this.bundlesUrl = bundlesUrl;
    this.siteRoot = siteRoot; // the site's address, ending in "/"
    this.loading = null;
    this.years = []; // the year of each year bundle, in order, as the year filter writes it
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
          var folders = config.bundles.map(function (bundle) {
            return new URL(bundle.path, engine.siteRoot).pathname;
          });
          engine.years = config.bundles
            .filter(function (bundle) {
              return bundle.year !== null;
            })
            .map(function (bundle) {
              return String(bundle.year).padStart(4, "0");
            });
          return import(new URL(folders[0] + "pagefind.js", engine.siteRoot).href).then(
            function (pagefind) {
              var options = {
                baseUrl: new URL(engine.siteRoot).pathname,
                excerptLength: 24,
                noWorker: true, // see above
              };
              var merged = pagefind.createInstance(Object.assign({ basePath: folders[0] }, options));
              return Promise.all(
                folders.slice(1).map(function (folder) {
                  return merged.mergeIndex(folder, options);
                })
              ).then(function () {
                engine.pagefind = merged;
                return engine;
              });
            }
          );
        });
      engine.loading.catch(function () {
        engine.loading = null; // try again next time
      });
    }
    return engine.loading;
  };

  function resultsOf(answer) {
    return answer ? answer.results : [];
  }

  Engine.prototype.search = function (query, options) {
    var sort = (options && options.sort) || "relevance";
    var filters = (options && options.filters) || {};
    return this.ready()
      .then(function (engine) {
        if (sort === "relevance") {
          return engine.pagefind.search(query || null, { filters: filters }).then(resultsOf);
        }
        var asked = { date: "asc" }; // newest first: the same list reversed
        if (!engine.years.length) {
          // one bundle: Pagefind's own sort is right
          return engine.pagefind.search(query || null, { filters: filters, sort: asked }).then(resultsOf);
        }
        var years = engine.years.filter(function (year) {
          return !filters.year || filters.year.indexOf(year) >= 0;
        });
        return Promise.all(
          years.map(function (year) {
            var inYear = Object.assign({}, filters, { year: [year] });
            return engine.pagefind.search(query || null, { filters: inYear, sort: asked });
          })
        ).then(function (answers) {
          return [].concat.apply([], answers.map(resultsOf));
        });
      })
      .then(function (results) {
        if (sort === "date-desc") {
          results = results.slice().reverse();
        }
        return results.map(function (result) {
          return { load: result.data };
        });
      });
  };

  Engine.prototype.filters = function () {
    return this.ready().then(function (engine) {
      return engine.pagefind.filters();
    });
  };

  window.TimelineSearchEngine = function (bundlesUrl, siteRoot) {
    return new Engine(bundlesUrl, siteRoot);
  };
})();
