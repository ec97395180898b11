# Short instances on one line, empty parameter lists, no trailing commas.
spa docs < folder = "./docs/build", domain = "docs.example.com" >
spa status <>
queue dead_letters < >
function ping < handler = "ping.handler", timeout = 1s, routes = ["GET /ping"] >
env dev < docs.domain = "docs.dev.example.com", ping.timeout = 3s >
