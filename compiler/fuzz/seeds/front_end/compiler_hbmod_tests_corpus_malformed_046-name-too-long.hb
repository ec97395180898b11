# expect: HB0016 at 2:5
spa marketing_site_for_the_spring_campaign_in_the_north_american_region_v2 <
  folder = "./dist",
>
