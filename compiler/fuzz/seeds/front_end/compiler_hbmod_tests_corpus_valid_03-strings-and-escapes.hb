# Every escape a string may hold.
service < # the name is optional
  description = "Tabs\there, quotes \"there\", a backslash \\ and a line\nbreak",
  owner = "ops@example.com",
>

bucket uploads <
  prefix = "incoming/",
  welcome = "Bienvenue \u{E9}t\u{E9} \u{1F600}",
  windows_path = "C:\\uploads\\",
  empty = "",
  crlf = "a\r\nb",
  unicode_literal = "naïve café – 東京",
>
