// Keeps a grid page current without reloading it: the hub's event stream announces each new
// version, and the grid's HTML is fetched again and swapped in. Versions at or below the one
// shown are ignored, so a late or repeated announcement costs nothing.
(function () {
  'use strict';

  var grid = document.getElementById('grid');
  if (!grid) { return; }
  var status = document.getElementById('live-status');
  var shown = Number(grid.getAttribute('data-version')) || 0;
  var wanted = shown;
  var fetching = false;
  var forced = false;

  function say(text) {
    if (status) { status.textContent = text; }
  }

  function refresh() {
    if (fetching || (!forced && wanted <= shown)) { return; }
    fetching = true;
    forced = false;
    fetch(grid.getAttribute('data-fragment'), { cache: 'no-store', credentials: 'same-origin' })
      .then(function (response) {
        if (!response.ok) { throw new Error('HTTP ' + response.status); }
        return response.text();
      })
      .then(function (html) {
        var holder = document.createElement('template');
        holder.innerHTML = html.trim();
        var fresh = holder.content.querySelector('#grid');
        if (!fresh) { throw new Error('the answer holds no grid'); }
        var version = Number(fresh.getAttribute('data-version')) || 0;
        if (version >= shown) {
          grid.replaceWith(fresh);
          grid = fresh;
          shown = version;
        }
        say('Live');
        return true;
      })
      .catch(function () {
        say('Could not update: trying again');
        window.setTimeout(function () {
          forced = true;
          refresh();
        }, 5000);
        return false;
      })
      .then(function (updated) {
        fetching = false;
        if (updated && wanted > shown) { window.setTimeout(refresh, 500); }
      });
  }

  if (window.EventSource) {
    var events = new EventSource('/api/v1/events');
    events.addEventListener('version', function (event) {
      var version = Number(event.data);
      if (version > wanted) { wanted = version; }
      refresh();
    });
    events.addEventListener('open', function () { say('Live'); });
    events.addEventListener('error', function () { say('Reconnecting…'); });
  }

  // The kiosk also moves its "now" mark as time passes, when nothing else changes.
  var every = Number(grid.getAttribute('data-refresh')) || 0;
  if (every > 0) {
    window.setInterval(function () {
      forced = true;
      refresh();
    }, every * 1000);
  }
}());
