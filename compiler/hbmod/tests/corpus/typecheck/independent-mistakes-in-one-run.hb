# expect: HB0032 at 5:30, HB0032 at 6:33, HB0053 at 7:5, HB0024 at 8:15
# files: services/web/dist/index.html
# An overlay on an unknown instance no longer hides the other mistakes: all are reported.
service web < team = "frontend" >
spa web < folder = "./dist", domian = "app.example.com" >
table t < partition_key = "id", ttl = refs.name >
env prod < web.folder = "./dist" >
env staging < wbe.domain = "b.example.com" >
