// Live countdowns and local times in the viewer's zone. The page works without this
// script: the server wrote both for its own clock (TRACKER_NOW when pinned) and zone.
// The clock here starts at the server's "now" (body data-now) and runs on from there, so
// a page rendered for a pinned time counts down from that time.
(function () {
  "use strict";
  var serverNow = Date.parse(document.body.getAttribute("data-now"));
  var loadedAt = Date.now();
  // The units in the page's language (body data-countdown, written with the page).
  var words = JSON.parse(document.body.getAttribute("data-countdown") || "{}");

  function say(name, fallback, days, hours) {
    return (words[name] || fallback).replace("{days}", days).replace("{hours}", hours);
  }

  function now() {
    return serverNow + (Date.now() - loadedAt);
  }

  function two(n) {
    return (n < 10 ? "0" : "") + n;
  }

  function countdown(seconds, estimated, late) {
    // a visa's apply-by day can be past and still shown
    if (seconds < 0) return late || say("passed", "passed");
    var days = Math.floor(seconds / 86400);
    var hours = Math.floor((seconds % 86400) / 3600);
    if (estimated) return "\u2248" + say("days", "{days}d", days);
    if (days === 0) return hours ? say("hours", "{hours}h", days, hours) : say("under_an_hour", "<1h");
    return say("days_hours", "{days}d {hours}h", days, two(hours));
  }

  function localText(date) {
    return date.getFullYear() + "-" + two(date.getMonth() + 1) + "-" + two(date.getDate()) +
      " " + two(date.getHours()) + ":" + two(date.getMinutes());
  }

  function update() {
    var cells = document.querySelectorAll("[data-at]");
    for (var i = 0; i < cells.length; i++) {
      var at = Date.parse(cells[i].getAttribute("data-at"));
      var seconds = Math.floor((at - now()) / 1000);
      cells[i].textContent = countdown(
        seconds, cells[i].hasAttribute("data-estimated"), cells[i].getAttribute("data-late"));
    }
  }

  function localise() {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "local";
    var times = document.querySelectorAll("time.local");
    for (var i = 0; i < times.length; i++) {
      times[i].textContent = localText(new Date(Date.parse(times[i].getAttribute("datetime"))));
    }
    var heads = document.querySelectorAll("th.your-time");
    for (var j = 0; j < heads.length; j++) {
      // The page's own words (data-label, translated with the page); "{zone}" marks the zone.
      var label = heads[j].getAttribute("data-label") || "Your time ({zone})";
      heads[j].textContent = label.replace("{zone}", zone);
    }
  }

  localise();
  update();
  setInterval(update, 30000);
  // Rows swapped in by filter.js come with the server's zone and clock: redo them.
  document.addEventListener("tracker:filtered", function () {
    localise();
    update();
  });
})();
