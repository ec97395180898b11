document.getElementById("app").textContent = "Hello from hbmod";
