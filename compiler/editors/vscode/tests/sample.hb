# SYNTAX TEST "source.hbmod" "the parts of a spec"
service clicks <
# <------- keyword.other.hbmod
#       ^^^^^^ entity.name.instance.hbmod
#              ^ punctuation.section.parameters.begin.hbmod
  team = "analytics",
# ^^^^ variable.parameter.hbmod
#      ^ keyword.operator.assignment.hbmod
#        ^^^^^^^^^^^ string.quoted.double.hbmod
  tags = { CostCenter = "4100" },
#        ^ punctuation.section.map.begin.hbmod
#          ^^^^^^^^^^ variable.other.key.hbmod
>
# <- punctuation.section.parameters.end.hbmod

spa site <
# <--- entity.name.type.module.hbmod
#   ^^^^ entity.name.instance.hbmod
  folder = "./dist", # the built files
#                    ^^^^^^^^^^^^^^^^^ comment.line.number-sign.hbmod
  domain = "caf\u{E9}.example.com",
#              ^^^^^^ constant.character.escape.hbmod
> was web
# ^^^ keyword.other.was.hbmod
#     ^^^ entity.name.instance.former.hbmod

function ingest <
  runtime = nodejs22,
#           ^^^^^^^^ variable.other.reference.hbmod
  timeout = 30s,
#           ^^^ constant.numeric.duration.hbmod
  memory  = 256MB,
#           ^^^^^ constant.numeric.size.hbmod
  reserved_concurrency = 1_000,
#                        ^^^^^ constant.numeric.integer.hbmod
  tracing = true,
#           ^^^^ constant.language.boolean.hbmod
  writes  = [clicks, archive],
#           ^ punctuation.section.list.begin.hbmod
#            ^^^^^^ variable.other.reference.hbmod
  environment = { TABLE = clicks.name },
#                         ^^^^^^ variable.other.reference.hbmod
#                               ^ punctuation.accessor.hbmod
#                                ^^^^ variable.other.property.hbmod
>

env production <
# <--- keyword.other.hbmod
#   ^^^^^^^^^^ entity.name.instance.hbmod
  ingest.memory = 1GB,
# ^^^^^^^^^^^^^ variable.parameter.hbmod
>

// not a comment hbmod accepts
# <------------------------------ invalid.illegal.comment.hbmod
