// Filtering without reloads on the Upcoming page. Without this script the filter form is a
// plain GET form and reloads the page; with it, a changed filter fetches the same page for
// the new query, swaps in its results and calendar link, and puts the query in the address
// bar (replaceState: the view stays shareable, and Back leaves the page as a reload would not).
(function () {
  "use strict";
  var form = document.getElementById("filters");
  if (!form || !window.fetch || !window.DOMParser || !window.URLSearchParams) return;
  var latest = 0;

  // The form's query as a GET submit would send it, less the empty fields (the server
  // ignores them; a shared link is shorter without them).
  function queryOf() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (value !== "") params.append(name, value);
    });
    return params.toString();
  }

  function swap(html, url) {
    var fetched = new DOMParser().parseFromString(html, "text/html");
    var results = fetched.getElementById("results");
    var here = document.getElementById("results");
    if (!results || !here) {
      window.location.assign(url); // not a page this script knows: let the browser show it
      return;
    }
    here.replaceWith(document.importNode(results, true));
    var link = fetched.getElementById("ics-link");
    var ours = document.getElementById("ics-link");
    if (link && ours) ours.setAttribute("href", link.getAttribute("href"));
    window.history.replaceState(null, "", url);
    document.dispatchEvent(new CustomEvent("tracker:filtered", { detail: { url: url } }));
  }

  function refresh() {
    var query = queryOf();
    var url = form.getAttribute("action").split("?")[0] + (query ? "?" + query : "");
    var mine = ++latest;
    fetch(url, { headers: { Accept: "text/html" }, credentials: "same-origin" })
      .then(function (response) { return response.text(); }) // a 400 page says what was wrong
      .then(function (html) { if (mine === latest) swap(html, url); })
      .catch(function () { if (mine === latest) window.location.assign(url); });
  }

  form.addEventListener("change", refresh);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    refresh();
  });
})();
