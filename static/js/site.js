// Small progressive enhancements; every page works without them.
document.documentElement.classList.add("js");
document.querySelectorAll("form[data-autosubmit] select").forEach((select) => {
  select.addEventListener("change", () => select.form.submit());
});
