// What every page needs from htmx beyond its defaults.
//
// htmx leaves a 4xx answer unswapped, so a refusal would otherwise pass unseen. A refusal (403) or
// an expired sign-in's page is shown in the page's alert area instead, where a screen reader
// announces it; nothing else on the page changes.
document.addEventListener("htmx:beforeSwap", function (event) {
  const status = event.detail.xhr.status;
  if (status !== 403) return;
  const alerts = document.getElementById("alerts");
  if (!alerts) return;
  event.detail.shouldSwap = true;
  event.detail.isError = false;
  event.detail.target = alerts;
  event.detail.swapOverride = "innerHTML";
});
