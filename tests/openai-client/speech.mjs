// The official openai package as an application would use it against TtsGrpc's HTTP API:
//   node speech.mjs <base URL, e.g. http://127.0.0.1:8880/v1> <output.mp3> [input text]
// It writes the mp3 the server returned; an API error ends it with exit code 1 and the error on stderr.
import { writeFile } from "node:fs/promises";
import OpenAI from "openai";

const [baseURL, output, input = "Hello from the official OpenAI client. This speech came from TtsGrpc."] = process.argv.slice(2);
if (!baseURL || !output) {
  console.error("usage: node speech.mjs <base URL> <output.mp3> [input text]");
  process.exit(2);
}

// The SDK insists on a key; with no keys configured the server accepts any.
const client = new OpenAI({ baseURL, apiKey: process.env.OPENAI_API_KEY ?? "sk-no-key-needed", maxRetries: 0, timeout: 60_000 });
try {
  const response = await client.audio.speech.create({ model: "tts-1", voice: "alloy", input });
  const audio = Buffer.from(await response.arrayBuffer());
  await writeFile(output, audio);
  console.log(`${output}: ${audio.length} bytes, ${response.headers.get("content-type")}`);
} catch (error) {
  console.error(`speech.create failed: ${error.status ?? ""} ${error.message}`);
  process.exit(1);
}
