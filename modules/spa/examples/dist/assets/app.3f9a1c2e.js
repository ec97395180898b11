const app = document.getElementById("app");
const route = window.location.pathname;
app.textContent = `Hello from ${route}`;
