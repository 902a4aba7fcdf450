// Replays control changes on the map: recolours the towns for the chosen day and hides
// events that happen after it. Reads its data from the JSON block; no libraries.
(function () {
  "use strict";
  var block = document.getElementById("control-data");
  var slider = document.getElementById("day");
  var label = document.getElementById("day-label");
  if (!block || !slider) { return; }
  var data = JSON.parse(block.textContent);
  var towns = Array.prototype.slice.call(document.querySelectorAll("#map-svg circle.town"));
  var events = Array.prototype.slice.call(document.querySelectorAll("#map-svg path.ev"));
  var areas = Array.prototype.slice.call(document.querySelectorAll("#map-svg g.terr"));
  var counts = {};
  document.querySelectorAll("#control-legend li[data-actor]").forEach(function (li) {
    counts[li.getAttribute("data-actor")] = li.querySelector(".n");
  });
  function show(dayIndex) {
    var holders = data.holders[dayIndex];
    var day = data.days[dayIndex];
    var last = dayIndex === data.days.length - 1;
    var tally = {};
    towns.forEach(function (circle) {
      var i = Number(circle.getAttribute("data-i"));
      var a = holders[i];
      var actor = a >= 0 ? data.actors[a] : null;
      circle.setAttribute("fill", actor ? actor.colour : data.unknown);
      var title = circle.querySelector("title");
      if (title) { title.textContent = data.towns[i].name + ": " + (actor ? actor.name : "unknown"); }
      if (actor) { tally[actor.id] = (tally[actor.id] || 0) + 1; }
    });
    Object.keys(counts).forEach(function (id) {
      if (counts[id]) { counts[id].textContent = String(tally[id] || 0); }
    });
    events.forEach(function (ev) {
      var d = ev.getAttribute("data-day");
      ev.style.display = (last || !d || d <= day) ? "" : "none";
    });
    areas.forEach(function (g) {
      var shown = g.getAttribute("data-days").split(" ").indexOf(String(dayIndex)) >= 0;
      g.style.display = shown ? "" : "none";
    });
    label.textContent = day;
  }
  slider.addEventListener("input", function () { show(Number(slider.value)); });
  show(Number(slider.value));
})();
