// The findings table's filters (plain JavaScript, nothing fetched), which the address can preset
// (report.html?severity=error&kind=row_total); after load, each image's natural size and where the
// findings table lies, so a headless browser's DOM dump can prove the page rendered and the table
// is on the first screen.
function filterFindings() {
  var want = {};
  document.querySelectorAll('.filters select').forEach(function (s) { want[s.name] = s.value; });
  var from = document.getElementById('f-from').value, to = document.getElementById('f-to').value;
  var shown = 0, rows = document.querySelectorAll('table.findings tbody tr');
  rows.forEach(function (tr) {
    var ok = Object.keys(want).every(function (k) { return !want[k] || tr.dataset[k] === want[k]; });
    var d = tr.dataset.date || '';
    ok = ok && (!from || (d && d >= from)) && (!to || (d && d <= to));
    tr.classList.toggle('hidden', !ok);
    if (ok) { shown += 1; }
  });
  document.getElementById('f-count').textContent = shown + ' of ' + rows.length + ' shown';
}
// filters may be preset in the address: report.html?severity=error&body=Cabinet&from=2024-01-01
var preset = new URLSearchParams(location.search), given = false;
document.querySelectorAll('.filters select, .filters input').forEach(function (el) {
  el.addEventListener('change', filterFindings);
  if (preset.has(el.name)) { el.value = preset.get(el.name); given = true; }
});
if (given) { filterFindings(); }
window.addEventListener('load', function () {
  var imgs = document.querySelectorAll('img');
  var ok = 0;
  imgs.forEach(function (img) {
    img.setAttribute('data-natural-width', img.naturalWidth);
    img.setAttribute('data-natural-height', img.naturalHeight);
    if (img.naturalWidth > 0 && img.naturalHeight > 0) { ok += 1; }
  });
  document.body.setAttribute('data-images-rendered', ok);
  document.body.setAttribute('data-charts', document.querySelectorAll('svg.chart').length);
  var table = document.querySelector('table.findings');
  var first = document.querySelector('table.findings tbody tr');
  if (table && first) {
    document.body.setAttribute('data-findings-top', Math.round(table.getBoundingClientRect().top));
    document.body.setAttribute('data-first-finding-bottom', Math.round(first.getBoundingClientRect().bottom));
  }
  document.body.setAttribute('data-viewport-height', window.innerHeight);
});
