// The member 360: the profile's inline tables (addresses, consents) scroll sideways on a phone;
// a scrolling box must be reachable by keyboard, named by its heading.
document.querySelectorAll(".inline-group").forEach((group) => {
  const heading = group.querySelector("h2");
  group.tabIndex = 0;
  group.setAttribute("role", "region");
  if (heading) {
    heading.id = heading.id || `${group.id}-heading`;
    group.setAttribute("aria-labelledby", heading.id);
  }
});
