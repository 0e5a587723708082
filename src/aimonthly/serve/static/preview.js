// The preview reloads itself when the Markdown is saved (or a batch comes): it asks the server for the
// state's token four times a second and reloads when it differs from the one the page was built with.
(function () {
  "use strict";
  var me = document.currentScript;
  var url = me.getAttribute("data-state");
  var token = me.getAttribute("data-token");
  function poll() {
    fetch(url, { cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (state) {
        if (state && state.token !== token) { window.location.reload(); return; }
        window.setTimeout(poll, 250);
      })
      .catch(function () { window.setTimeout(poll, 1000); });  // the server stopped: try again, slower
  }
  window.setTimeout(poll, 250);
})();
