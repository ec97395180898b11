block "label"
{
}
