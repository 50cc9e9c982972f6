// Progressive enhancement for the public schedule pages: show start times in the visitor's own
// time zone and count down to them. The pages read fine without it.
(function () {
  'use strict';
  var full = { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' };
  document.querySelectorAll('time[data-local]').forEach(function (el) {
    var at = new Date(el.getAttribute('datetime'));
    if (isNaN(at.getTime())) return;
    el.title = 'Announced as: ' + el.textContent;
    el.textContent = at.toLocaleString(undefined, full);
  });

  function plural(n, unit) {
    return n + ' ' + unit + (n === 1 ? '' : 's');
  }
  function describe(ms) {
    if (ms <= 0) return 'starting now';
    var minutes = Math.ceil(ms / 60000);
    if (minutes < 60) return 'starts in ' + plural(minutes, 'minute');
    var hours = Math.floor(minutes / 60);
    if (hours < 48) return 'starts in ' + plural(hours, 'hour') + (minutes % 60 ? ' ' + plural(minutes % 60, 'minute') : '');
    return 'starts in ' + plural(Math.floor(hours / 24), 'day');
  }
  var countdowns = document.querySelectorAll('[data-countdown]');
  function tick() {
    countdowns.forEach(function (el) {
      var at = Date.parse(el.getAttribute('data-countdown'));
      if (!isNaN(at)) el.textContent = describe(at - Date.now());
    });
  }
  if (countdowns.length) {
    tick();
    setInterval(tick, 15000);
  }
})();
