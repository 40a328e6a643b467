/**
 * The inline script that records input typed before hydration, for components/early-input.ts
 * (which says why). Plain text here, not in that client module: a server component that
 * imported it from there would get a client reference instead of the string.
 */
export const EARLY_INPUT_SCRIPT = `(function(){
if (window.__relaisEarly) return;
var q = window.__relaisEarly = { hydrated: false, entries: [] };
function record(e) {
  if (q.hydrated) return;
  var t = e.target;
  if (!t || !t.id || !t.closest) return;
  var root = t.closest('[data-early-input]');
  if (!root) return;
  q.entries.push({ id: t.id, value: t.value, checked: !!t.checked });
  root.setAttribute('data-early-typed', '');
}
document.addEventListener('input', record, true);
document.addEventListener('change', record, true);
})();`;
