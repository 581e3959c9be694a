// Drag and drop of items by their handle. It only adds a way to do what the Move up / Move down
// buttons already do by keyboard and without JavaScript: it posts the new place to the same endpoint.
(function () {
  if (window.itemsDragAndDrop) return; // the script comes again with every swap of the list
  window.itemsDragAndDrop = true;

  let dragged = null;

  function itemOf(node) {
    return node instanceof Element ? node.closest("#items article.item") : null;
  }

  function clearMarks() {
    document.querySelectorAll("#items .drop-before, #items .drop-after").forEach(function (node) {
      node.classList.remove("drop-before", "drop-after");
    });
  }

  // Only the handle starts a drag, so text in the item can still be selected.
  document.addEventListener("pointerdown", function (event) {
    const handle = event.target instanceof Element ? event.target.closest(".drag-handle") : null;
    const item = handle ? itemOf(handle) : null;
    if (item) item.setAttribute("draggable", "true");
  });

  document.addEventListener("dragstart", function (event) {
    const item = itemOf(event.target);
    if (!item || item.getAttribute("draggable") !== "true") return;
    dragged = item;
    item.classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", item.dataset.itemId);
  });

  document.addEventListener("dragover", function (event) {
    const item = itemOf(event.target);
    if (!dragged || !item || item === dragged) return;
    event.preventDefault();
    const box = item.getBoundingClientRect();
    clearMarks();
    item.classList.add(event.clientY < box.top + box.height / 2 ? "drop-before" : "drop-after");
  });

  document.addEventListener("drop", function (event) {
    const item = itemOf(event.target);
    if (!dragged || !item || item === dragged) return;
    event.preventDefault();
    const from = Number(dragged.dataset.position);
    let to = Number(item.dataset.position);
    const after = item.classList.contains("drop-after");
    // The position counts the list without the dragged item in it.
    if (after && to < from) to += 1;
    if (!after && to > from) to -= 1;
    const list = document.getElementById("items");
    const token = document.querySelector('meta[name="csrf-token"]');
    if (to !== from && list && window.htmx) {
      window.htmx.ajax("POST", dragged.dataset.moveUrl, {
        source: dragged,
        target: "#items",
        swap: "outerHTML",
        values: { to: String(to), order_version: list.dataset.orderVersion },
        headers: token ? { "X-CSRFToken": token.content } : {},
      });
    }
    clearMarks();
  });

  document.addEventListener("dragend", function () {
    if (dragged) {
      dragged.classList.remove("dragging");
      dragged.removeAttribute("draggable");
    }
    dragged = null;
    clearMarks();
  });
})();
