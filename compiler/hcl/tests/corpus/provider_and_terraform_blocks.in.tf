terraform {
required_version = ">= 1.5"
required_providers {
aws = {
source = "hashicorp/aws"
version = "~> 5.0"
}
random = { source = "hashicorp/random", version = ">= 3" }
}
backend "s3" {
bucket = "state"
key = "x/terraform.tfstate"
region = "eu-west-1"
}
}
provider "aws" {
region = var.region
alias = "east"
default_tags {
tags = var.tags
}
}
