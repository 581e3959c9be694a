/* Working at the same time, on the editor page: who else is here and what they edit, and their changes
   brought in without reloading. Written for this application; nothing is loaded from outside the server.

   Every second the page asks /outcomes/<id>/live for the changes after the last one it has seen; every
   few seconds (and at once when an item form opens or closes) it says it is here, naming the item open
   for editing, which claims the item unless someone else holds it. A change never replaces a form someone
   is typing in: the form gets a notice instead, with a button to reload it.

   The changes this tab made itself are left out (the server names them in X-Change-Ids on the answer
   to the request that made them); the person's other tabs bring them in like anyone else's. */
(function () {
  "use strict";
  // Navigating between pages through htmx runs this script again: one loop is enough.
  if (window.draftingLive) return;
  window.draftingLive = true;

  const POLL_MS = 1000;
  const HEARTBEAT_MS = 3000;
  const ITEM_ACTION = /\/items\/(\d+)(?:[?#].*)?$/;
  const ITEM_EDIT = /\/items\/(\d+)\/edit(?:[?#].*)?$/;
  const TYPED = 'form[data-typed="yes"]';
  let session = null;
  // This tab's changing requests under way, and the changes its requests made (ids from the server).
  const sending = new Set();
  const own = new Set();

  function csrfToken() {
    const meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : "";
  }

  function start(bar) {
    return {
      bar: bar,
      outcomeId: bar.dataset.outcomeId,
      since: parseInt(bar.dataset.since, 10) || 0,
      liveUrl: bar.dataset.liveUrl,
      presenceUrl: bar.dataset.presenceUrl,
      leaveUrl: bar.dataset.leaveUrl,
      itemsUrl: bar.dataset.itemsUrl,
      headerUrl: bar.dataset.headerUrl,
      lastBeat: 0,
      beatItem: null,
      beating: false,
      beatAgain: false,
      polling: false,
      people: null,
    };
  }

  // ------------------------------------------------------------------ what this page has open

  function itemIdOf(form) {
    const found = ITEM_ACTION.exec(form.getAttribute("action") || "");
    return found ? found[1] : null;
  }

  function openForms() {
    return Array.from(document.querySelectorAll("form.item.editing"));
  }

  function formFor(itemId) {
    return openForms().find(function (form) { return itemIdOf(form) === String(itemId); }) || null;
  }

  function editedItem() {
    // The form being typed in, else the first one open.
    const forms = openForms();
    const focused = forms.find(function (form) { return form.contains(document.activeElement); });
    const form = focused || forms[0];
    return form ? itemIdOf(form) || "" : "";
  }

  // ------------------------------------------------------------------ talking to the server

  function beat(current, item) {
    if (current.beating) {
      current.beatAgain = true;  // a form opened or closed meanwhile: said as soon as this one is done
      return;
    }
    current.beating = true;
    current.beatAgain = false;
    current.lastBeat = Date.now();
    current.beatItem = item;
    fetch(current.presenceUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: {"X-CSRFToken": csrfToken(), "Content-Type": "application/x-www-form-urlencoded"},
      body: "item_id=" + encodeURIComponent(item),
    }).then(function (response) {
      const claimed = response.ok ? response.headers.get("X-Claimed") : null;
      if (claimed) firstClaim(current, item, claimed === "yes");
    }).catch(function () { /* offline for a moment: the next beat says it again */ })
      .finally(function () {
        current.beating = false;
        if (current.beatAgain && session === current) beat(current, editedItem());
      });
  }

  function leave(current, beacon) {
    const data = new FormData();
    data.append("csrf_token", csrfToken());
    // A closing page cannot wait for an answer: a beacon is sent even as the page goes away.
    if (beacon && navigator.sendBeacon && navigator.sendBeacon(current.leaveUrl, data)) return;
    fetch(current.leaveUrl, {method: "POST", credentials: "same-origin", body: data, keepalive: true})
      .catch(function () { /* gone anyway once not seen for a few seconds */ });
  }

  function firstClaim(current, item, claimed) {
    // A form opened just as someone else claimed the item: its first beat could not claim it. Untouched,
    // it gives way to the question whether to take the item over, as opening it a moment later would.
    // Later beats never do this: an item taken over leaves the form open, marked with who holds it.
    const form = formFor(item);
    if (!form || form.dataset.claim !== "asking") return;
    delete form.dataset.claim;
    if (!claimed && form.dataset.typed !== "yes") swap(current.itemsUrl + "/" + item + "/edit", form);
  }

  function poll(current) {
    if (current.polling) return;
    current.polling = true;
    fetch(current.liveUrl + "?since=" + current.since, {
      credentials: "same-origin",
      headers: {"Accept": "application/json"},
    }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (news) {
      if (!news || session !== current) return;
      // A change under the person's name may be this tab's, its answer not read yet: asked again.
      if (unsure(news)) return;
      show(current, news);
    }).catch(function () { /* asked again in a second */ })
      .finally(function () { current.polling = false; });
  }

  function readAnswers() {
    sending.forEach(function (xhr) {
      if (xhr.readyState !== XMLHttpRequest.DONE) return;
      sending.delete(xhr);
      (xhr.getResponseHeader("X-Change-Ids") || "").split(",").forEach(function (id) {
        const number = parseInt(id, 10);
        if (number > 0) own.add(number);
      });
    });
  }

  function unsure(news) {
    readAnswers();
    if (!sending.size) return false;
    return (news.changes || []).some(function (change) {
      return change.by === news.you && !own.has(change.id);
    });
  }

  function tick() {
    const bar = document.getElementById("presence-bar");
    if (session && (!bar || bar.dataset.outcomeId !== session.outcomeId)) {
      leave(session, false);  // navigated away from the outcome without closing the page
      session = null;
    }
    if (!bar) return;
    if (!session) session = start(bar);
    redrawn(session);
    const item = editedItem();
    if (item !== session.beatItem || Date.now() - session.lastBeat >= HEARTBEAT_MS) beat(session, item);
    poll(session);
  }

  // ------------------------------------------------------------------ showing what came back

  function redrawn(current) {
    // The whole page was drawn again (a boosted navigation, after a change this tab made through a
    // redirect, say): it shows every change up to its own mark, and nobody else in its new bar yet.
    const bar = document.getElementById("presence-bar");
    if (!bar || bar === current.bar || bar.dataset.outcomeId !== current.outcomeId) return;
    const drawn = parseInt(bar.dataset.since, 10) || 0;
    if (drawn > current.since) current.since = drawn;
    current.bar = bar;
    current.people = null;
  }

  function show(current, news) {
    redrawn(current);
    const shown = current.since;
    if (typeof news.since === "number" && news.since > current.since) current.since = news.since;
    showPeople(current, news.people || []);
    markItems(news);
    const others = (news.changes || []).filter(function (change) {
      if (own.delete(change.id)) return false;  // made by this tab, which shows it already
      return change.id > shown;  // older ones the page was drawn with
    });
    if (others.length) bringIn(current, others, news.you);
  }

  function showPeople(current, people) {
    const signature = JSON.stringify(people);
    if (signature === current.people) return;  // unchanged: screen readers hear nothing new
    current.people = signature;
    const list = current.bar.querySelector(".presence-people");
    list.replaceChildren();
    if (!people.length) {
      list.textContent = "nobody else";
      return;
    }
    people.forEach(function (someone) {
      const entry = document.createElement("span");
      entry.className = "person";
      entry.textContent = someone.name;
      if (someone.item_number !== null && someone.item_number !== undefined) {
        const editing = document.createElement("span");
        editing.className = "editing";
        editing.textContent = " (editing item " + someone.item_number + ")";
        entry.appendChild(editing);
      }
      list.appendChild(entry);
    });
  }

  function markItems(news) {
    // Who else is editing each item: their claim, or their page naming it.
    const editors = new Map();
    function add(itemId, name) {
      if (itemId === null || itemId === undefined || name === news.you) return;
      const names = editors.get(String(itemId)) || [];
      if (names.indexOf(name) < 0) names.push(name);
      editors.set(String(itemId), names);
    }
    (news.claims || []).forEach(function (claim) { add(claim.item_id, claim.name); });
    (news.people || []).forEach(function (someone) { add(someone.item_id, someone.name); });
    document.querySelectorAll("article.item[data-item-id]").forEach(function (article) {
      mark(article, article.querySelector(".item-head"), editors.get(article.dataset.itemId));
    });
    openForms().forEach(function (form) {
      mark(form, form.querySelector("h3"), editors.get(itemIdOf(form)));
    });
  }

  function mark(element, after, names) {
    let marker = element.querySelector(".claim-marker");
    const text = names && names.length ? "Being edited by " + names.join(", ") : "";
    if (!text) {
      if (marker) marker.remove();
      return;
    }
    if (!marker) {
      marker = document.createElement("p");
      marker.className = "claim-marker";
      if (after) after.after(marker); else element.prepend(marker);
    }
    if (marker.textContent !== text) marker.textContent = text;
  }

  function bringIn(current, changes, you) {
    const outcome = changes.filter(function (c) { return c.unit === "outcome"; });
    if (outcome.length && outcomeChanged(current, outcome[outcome.length - 1], you)) return;
    const reordered = changes.filter(function (c) { return c.unit === "order"; });
    const header = changes.filter(function (c) { return c.unit === "header"; });
    const items = new Map();
    const commented = new Map();
    changes.forEach(function (c) {
      if (c.item_id === null || c.item_id === undefined) return;
      if (c.unit === "item" || c.unit === "review") items.set(String(c.item_id), c);
      if (c.unit === "comment") commented.set(String(c.item_id), c);
    });
    if (reordered.length) reloadList(current, who(reordered[reordered.length - 1], you));
    const redrawn = new Set();  // items whose whole view comes again, their comment count with it
    items.forEach(function (change, itemId) {
      const by = who(change, you);
      const form = formFor(itemId);
      if (form) {
        notice(form, "item", "Changed by " + by + " — reload this item to see it.",
               "Reload this item", function () { swap(current.itemsUrl + "/" + itemId + "/edit", form); });
        return;
      }
      // A list being reloaded (or waiting to be) shows the item as it is now, in its new place.
      if (reordered.length) return;
      const article = document.querySelector('article.item[data-item-id="' + itemId + '"]');
      if (!article) return;
      if (article.querySelector(TYPED)) {  // a comment being written in it
        notice(article, "item", "Changed by " + by + " — reload this item to see it.", "Reload this item",
               function () { swap(current.itemsUrl + "/" + itemId, article); });
        return;
      }
      swap(current.itemsUrl + "/" + itemId, article);
      redrawn.add(itemId);
    });
    commented.forEach(function (change, itemId) {
      if (!reordered.length && !redrawn.has(itemId)) refreshComments(itemId, who(change, you));
    });
    if (header.length) reloadHeader(current, who(header[header.length - 1], you));
    // Whatever changed, the problems panel (which listens on the body) checks the outcome again.
    document.body.dispatchEvent(new CustomEvent("outcome-changed", {bubbles: true}));
  }

  function who(change, you) {
    if (!change.by) return "someone else";
    return change.by === you ? "you, in another window" : change.by;
  }

  function outcomeChanged(current, change, you) {
    // Marked final or reopened: every control on the page changes. Reloaded at once unless something
    // typed would be lost; then the person is told, and reloads when ready. True: reloading.
    if (!document.querySelector(TYPED)) {
      window.location.reload();
      return true;
    }
    const done = {final: "marked final", reopen: "reopened"}[change.action] || "changed";
    const place = current.bar.querySelector(".presence-notice");
    place.replaceChildren(document.createTextNode("This outcome was " + done + " by " + who(change, you) +
                                                  " — reload the page to see it. "));
    const button = document.createElement("button");
    button.type = "button";
    button.className = "secondary";
    button.textContent = "Reload the page";
    button.addEventListener("click", function () { window.location.reload(); });
    place.appendChild(button);
    return false;
  }

  function refreshComments(itemId, by) {
    const count = document.getElementById("comment-count-" + itemId);
    const details = count && count.closest("details.comments");
    const url = details && details.getAttribute("hx-get");
    if (!url || !window.htmx) return;  // the item is not shown as it reads (being edited, or elsewhere)
    const thread = document.getElementById("comments-" + itemId);
    const loaded = thread && thread.matches("section.comment-threads");
    if (loaded && !thread.querySelector(TYPED) && !thread.contains(document.activeElement)) {
      swap(url, thread);  // the threads as they are now, and their count with them
      return;
    }
    // Only the count (the answer carries it out of band); a reply being written stays as it is.
    window.htmx.ajax("GET", url, {target: count, swap: "none"});
    if (loaded) {
      notice(thread, "comments", "New comments by " + by + " — reload the comments to see them.",
             "Reload the comments", function () { swap(url, document.getElementById("comments-" + itemId)); });
    }
  }

  function reloadList(current, by) {
    const list = document.getElementById("items");
    if (!list) return;
    if (list.querySelector("form.item.editing, .item.confirm")) {
      notice(list, "list", "Items were added, moved or deleted by " + by + " — reload the list to see them.",
             "Reload the list", function () { swap(current.itemsUrl, document.getElementById("items")); });
      return;
    }
    swap(current.itemsUrl, list);
  }

  function reloadHeader(current, by) {
    const form = document.getElementById("header-form");
    if (!form) return;
    if (form.dataset.typed === "yes" || form.contains(document.activeElement)) {
      notice(form, "header", "The header was changed by " + by + " — reload it to see the change.",
             "Reload the header", function () { swap(current.headerUrl, document.getElementById("header-form")); });
      return;
    }
    swap(current.headerUrl, form);
  }

  function swap(url, target) {
    if (target && window.htmx) window.htmx.ajax("GET", url, {target: target, swap: "outerHTML"});
  }

  function notice(container, key, text, label, reload) {
    let note = container.querySelector('.live-notice[data-key="' + key + '"]');
    if (!note) {
      note = document.createElement("p");
      note.className = "live-notice";
      note.dataset.key = key;
      note.setAttribute("role", "status");
      note.appendChild(document.createElement("span"));
      const button = document.createElement("button");
      button.type = "button";
      button.className = "secondary";
      button.textContent = label;
      button.addEventListener("click", reload);
      note.appendChild(button);
      const title = container.querySelector("h3, .form-title, h2");
      if (title) title.after(note); else container.prepend(note);
    }
    note.firstChild.textContent = text + " ";
  }

  // ------------------------------------------------------------------ when things happen

  document.addEventListener("input", function (event) {
    const form = event.target.closest && event.target.closest("form");
    if (form) form.dataset.typed = "yes";  // typed in: never replaced by someone else's change
  }, true);

  document.addEventListener("htmx:beforeSend", function (event) {
    const config = event.detail.requestConfig;
    if (config && config.verb !== "get") sending.add(event.detail.xhr);
  });

  document.addEventListener("htmx:afterRequest", readAnswers);

  document.addEventListener("htmx:afterSettle", function (event) {
    const config = event.detail.requestConfig;
    const opened = config && config.verb === "get" ? ITEM_EDIT.exec(config.path || "") : null;
    const form = opened ? formFor(opened[1]) : null;
    // Opening the form claimed nothing (a GET changes nothing): its first beat claims the item.
    if (form && !form.dataset.claim) form.dataset.claim = "asking";
    // An item form opened or closed: the others hear of it now, not at the next beat.
    if (session && editedItem() !== session.beatItem) beat(session, editedItem());
  });

  window.addEventListener("pagehide", function () {
    if (session) leave(session, true);
  });

  window.addEventListener("pageshow", function (event) {
    if (event.persisted && session) session.lastBeat = 0;  // back from the cache: say so at once
  });

  tick();
  window.setInterval(tick, POLL_MS);
})();
