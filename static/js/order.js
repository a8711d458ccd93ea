// The order page while the payment provider confirms: look again every few seconds.
(() => {
  const notice = document.querySelector("[data-reload-after]");
  if (!notice) return;
  const seconds = Number(notice.dataset.reloadAfter) || 3;
  setTimeout(() => window.location.reload(), seconds * 1000);
})();
