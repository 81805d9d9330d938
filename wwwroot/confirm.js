// Forms with data-confirm ask before they are sent. A file of its own instead of inline onsubmit handlers,
// which the Content-Security-Policy forbids.
document.addEventListener("submit", event => {
    const question = event.target instanceof HTMLFormElement ? event.target.dataset.confirm : undefined;
    if (question && !window.confirm(question)) {
        event.preventDefault();
        event.stopImmediatePropagation();
    }
}, true);
