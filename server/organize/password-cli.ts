// `npm run organizer-password`: asks for a password (twice, not echoed) or reads it from standard input, and prints
// the ORGANIZER_PASSWORD_HASH line to put in the server's environment. The password itself is never printed or saved.
import { createInterface } from 'node:readline';
import { hashPassword } from './credential.ts';

export const PASSWORD_MIN_LENGTH = 12;

function askHidden(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    // Echo nothing while the password is typed.
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => undefined;
    process.stderr.write(question);
    rl.question('', (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
  });
}

async function readStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  return text.replace(/\r?\n$/, '');
}

async function main() {
  let password: string;
  if (process.stdin.isTTY) {
    password = await askHidden('Organizer password: ');
    if ((await askHidden('Same password again: ')) !== password) {
      console.error('The two passwords differ; nothing was made.');
      process.exit(1);
    }
  } else {
    password = await readStdin();
  }
  if (password.length < PASSWORD_MIN_LENGTH) {
    console.error(`Use at least ${PASSWORD_MIN_LENGTH} characters (a few unrelated words make a good one); nothing was made.`);
    process.exit(1);
  }
  console.log(`ORGANIZER_PASSWORD_HASH=${await hashPassword(password)}`);
}

await main();
