moved {
  from = aws_instance.old
  to   = aws_instance.new
}
moved {
  from = module.a["x"]
  to   = module.b["x"]
}
import {
  to = aws_s3_bucket.b
  id = "bucket-name"
}
removed {
  from = aws_instance.gone
  lifecycle {
    destroy = false
  }
}
