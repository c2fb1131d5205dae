/* The front-page board: move stories between slots by drag and drop or keyboard.
 *
 * The form's one <select> per slot stays the truth (it is what is posted,
 * and all there is without JavaScript). This script draws each slot's story
 * as a card, lets cards be dragged onto slots (a story dropped on a held
 * slot swaps places with the one there) or back to the pool (clears its
 * slot), and gives each slot buttons: Move up, Move down, Clear slot. Every
 * move is announced in the board's live region. Nothing is saved until the
 * Save button posts the form.
 */
(function () {
  "use strict";
  var board = document.querySelector(".front-board__form");
  var dataNode = document.getElementById("front-board-data");
  var labelsNode = document.getElementById("front-board-slots");
  if (!board || !dataNode || !labelsNode) { return; }
  var stories = JSON.parse(dataNode.textContent);
  var labels = JSON.parse(labelsNode.textContent);
  var status = document.getElementById("front-board-status");
  var slots = Array.prototype.slice.call(board.querySelectorAll("[data-slot]"));
  var poolList = board.querySelector("[data-pool-list]");
  var pool = board.querySelector("[data-pool]");
  var order = Object.keys(stories);
  var dragged = null;

  board.classList.add("front-board--enhanced");

  function selectOf(slot) { return slot.querySelector("select"); }
  function valueOf(slot) { return selectOf(slot).value; }
  function setValue(slot, pk) { selectOf(slot).value = pk || ""; }
  function slotNumber(slot) { return slot.getAttribute("data-slot"); }
  function headline(pk) { return stories[pk] ? stories[pk].headline : ""; }

  function isNow(pk, slot) {
    return interpolate(gettext("“%(headline)s” is now %(slot)s."),
      {headline: headline(pk), slot: labels[slotNumber(slot)]}, true);
  }
  function isOut(pk) {
    return interpolate(gettext("“%(headline)s” is out of the slots."), {headline: headline(pk)}, true);
  }
  var SAVE_TO_PUBLISH = gettext("Save to publish the arrangement.");

  function announce(message) {
    status.textContent = "";
    window.setTimeout(function () { status.textContent = message; }, 50);
  }

  function card(pk) {
    var story = stories[pk];
    var element = document.createElement("div");
    element.className = "front-board__card";
    element.setAttribute("data-article", pk);
    element.setAttribute("draggable", "true");
    if (story.thumbnail) {
      var img = document.createElement("img");
      img.className = "front-board__thumb";
      img.src = story.thumbnail;
      img.alt = story.alt;
      img.width = 96;
      img.height = 64;
      element.appendChild(img);
    } else {
      var none = document.createElement("span");
      none.className = "front-board__thumb front-board__thumb--none";
      none.textContent = gettext("No picture");
      element.appendChild(none);
    }
    var title = document.createElement("span");
    title.className = "front-board__headline";
    title.textContent = story.headline;
    element.appendChild(title);
    if (story.note) {
      var note = document.createElement("span");
      note.className = "front-board__note";
      note.textContent = " (" + story.note + ")";
      element.appendChild(note);
    }
    element.addEventListener("dragstart", function (event) {
      dragged = pk;
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", pk);
      element.classList.add("is-dragging");
    });
    element.addEventListener("dragend", function () {
      dragged = null;
      element.classList.remove("is-dragging");
    });
    return element;
  }

  function button(text, action, disabled) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = "button front-board__button";
    element.textContent = text;
    element.setAttribute("data-action", action);
    element.disabled = Boolean(disabled);
    return element;
  }

  function draw() {
    var placed = {};
    slots.forEach(function (slot, index) {
      var holder = slot.querySelector("[data-holder]");
      var pk = valueOf(slot);
      holder.textContent = "";
      if (pk && stories[pk]) {
        placed[pk] = true;
        holder.appendChild(card(pk));
      } else {
        var empty = document.createElement("p");
        empty.className = "front-board__empty";
        empty.textContent = gettext("Empty: the newest story not in a slot fills it.");
        holder.appendChild(empty);
      }
      var tools = slot.querySelector(".front-board__tools");
      if (!tools) {
        tools = document.createElement("div");
        tools.className = "front-board__tools";
        tools.setAttribute("role", "group");
        tools.setAttribute("aria-labelledby", "slot-title-" + slotNumber(slot));
        slot.appendChild(tools);
      }
      var focused = tools.contains(document.activeElement) ? document.activeElement.getAttribute("data-action") : null;
      tools.textContent = "";
      tools.appendChild(button(gettext("Move up"), "up", !pk || index === 0));
      tools.appendChild(button(gettext("Move down"), "down", !pk || index === slots.length - 1));
      tools.appendChild(button(gettext("Clear slot"), "clear", !pk));
      if (focused) {
        var again = tools.querySelector('[data-action="' + focused + '"]');
        if (again && !again.disabled) { again.focus(); }
      }
    });
    poolList.textContent = "";
    order.forEach(function (pk) {
      if (placed[pk]) { return; }
      var item = document.createElement("li");
      item.className = "front-board__pool-item";
      item.appendChild(card(pk));
      poolList.appendChild(item);
    });
  }

  function moveTo(pk, target) {
    // ``pk`` goes into slot ``target``; whatever stood there takes its old place.
    var from = slots.filter(function (slot) { return valueOf(slot) === pk; })[0];
    var displaced = valueOf(target);
    if (from === target) { return; }
    setValue(target, pk);
    var message = [isNow(pk, target)];
    if (from) {
      setValue(from, displaced);
      if (displaced) { message.push(isNow(displaced, from)); }
    } else if (displaced) {
      message.push(isOut(displaced));
    }
    draw();
    message.push(SAVE_TO_PUBLISH);
    announce(message.join(" "));
  }

  function clear(slot) {
    var pk = valueOf(slot);
    if (!pk) { return; }
    setValue(slot, "");
    draw();
    announce(interpolate(gettext("%(slot)s cleared: “%(headline)s” is out of the slots."),
      {slot: labels[slotNumber(slot)], headline: headline(pk)}, true) + " " + SAVE_TO_PUBLISH);
  }

  slots.forEach(function (slot, index) {
    slot.addEventListener("click", function (event) {
      var action = event.target.getAttribute && event.target.getAttribute("data-action");
      if (!action) { return; }
      var pk = valueOf(slot);
      if (action === "clear") { clear(slot); }
      if (action === "up" && index > 0) { moveTo(pk, slots[index - 1]); }
      if (action === "down" && index < slots.length - 1) { moveTo(pk, slots[index + 1]); }
    });
    selectOf(slot).addEventListener("change", function () {
      var pk = valueOf(slot);
      // A story chosen here leaves any other slot it stood in.
      slots.forEach(function (other) {
        if (other !== slot && pk && valueOf(other) === pk) { setValue(other, ""); }
      });
      draw();
      announce(pk ? isNow(pk, slot)
        : interpolate(gettext("%(slot)s cleared."), {slot: labels[slotNumber(slot)]}, true));
    });
    slot.addEventListener("dragover", function (event) {
      if (dragged === null) { return; }
      event.preventDefault();
      event.dataTransfer.dropEffect = "move";
      slot.classList.add("is-target");
    });
    slot.addEventListener("dragleave", function () { slot.classList.remove("is-target"); });
    slot.addEventListener("drop", function (event) {
      event.preventDefault();
      slot.classList.remove("is-target");
      var pk = event.dataTransfer.getData("text/plain") || dragged;
      if (pk && stories[pk]) { moveTo(pk, slot); }
    });
  });

  pool.addEventListener("dragover", function (event) {
    if (dragged === null) { return; }
    event.preventDefault();
    pool.classList.add("is-target");
  });
  pool.addEventListener("dragleave", function () { pool.classList.remove("is-target"); });
  pool.addEventListener("drop", function (event) {
    event.preventDefault();
    pool.classList.remove("is-target");
    var pk = event.dataTransfer.getData("text/plain") || dragged;
    var from = slots.filter(function (slot) { return valueOf(slot) === pk; })[0];
    if (from) { clear(from); }
  });

  draw();
})();
