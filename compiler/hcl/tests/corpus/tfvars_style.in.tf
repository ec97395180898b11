region="eu-west-1"
instance_count=3
tags={
Team="platform"
CostCenter="1234"
}
allowed_cidrs=["10.0.0.0/8","192.168.0.0/16"]
enabled=true
