// Demo page only: shows what a host page receives from the widget's completion event.
document.addEventListener('wellcheck-complete', (event) => {
  const output = document.getElementById('last-result');
  if (output) output.textContent = JSON.stringify(event.detail, null, 2);
});
