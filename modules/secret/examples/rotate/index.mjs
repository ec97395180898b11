// A rotation handler's shape: Secrets Manager calls it four times per rotation
// (createSecret, setSecret, testSecret, finishSecret) with the secret's ARN and
// the new version's token. This one only logs the step; a real one changes the
// credential where it is used (a database user's password, an API key).
export const handler = async (event) => {
  console.log(JSON.stringify({ message: "rotation step", step: event.Step, token: event.ClientRequestToken }));
};
