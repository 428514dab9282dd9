#!/usr/bin/env node
// A Node.js client of TtsGrpc: Synthesize (one request, audio streamed back) and
// StreamingSynthesize (the text fed word by word, as an LLM produces it), each written to a WAV file,
// and Synthesize as Ogg Opus with word timestamps, written to a playable .opus file.
//
//   npm ci && node tts_client.js --server 127.0.0.1:50051 --out-dir out      # every call
//   node tts_client.js stream --text "Hello there. How are you?"             # one of them
//   node tts_client.js opus                                                  # speech.opus and its words
//
// @grpc/proto-loader reads protos/tts/v1/tts.proto at start, so the client always matches the
// contract in this checkout. Exits non-zero when a call fails or its audio does not add up to
// what the server's summary reports.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { parseArgs } = require('node:util');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const PROTO = path.resolve(__dirname, '../../protos/tts/v1/tts.proto');
const DEFAULT_TEXT = 'Hello from Node. This audio was streamed by TtsGrpc, one sentence at a time.';
const SAMPLE_RATE_HZ = 16000;
const TIMEOUT_MS = 60_000;

// keepCase: the field names are the proto's (sample_rate_hz), as in every other language.
const definition = protoLoader.loadSync(PROTO, { keepCase: true, longs: Number, enums: String, defaults: true, oneofs: true });
const tts = grpc.loadPackageDefinition(definition).tts.v1;

const config = { voice: 'en-us', format: { encoding: 'WAV', sample_rate_hz: SAMPLE_RATE_HZ } };
const deadline = () => Date.now() + TIMEOUT_MS;

function synthesize(client, text, file) {
  return save(client.Synthesize({ ...config, text }, { deadline: deadline() }), file);
}

// Ogg Opus at 24 kHz: the messages are the file, in order; the last one closes the stream.
function opus(client, text, file) {
  const call = client.Synthesize(
    { text, voice: 'en-us', enable_word_timestamps: true, format: { encoding: 'OGG_OPUS', sample_rate_hz: 24000 } },
    { deadline: deadline() });
  return new Promise((resolve, reject) => {
    const chunks = [];
    const words = [];
    let summary = null;
    call.on('data', (response) => {
      chunks.push(response.audio);
      words.push(...response.words);
      summary = response.summary ?? summary;
    });
    call.on('error', reject);
    call.on('end', () => {
      try {
        const ogg = Buffer.concat(chunks);
        // Ogg pages start with "OggS"; byte 5 of a page holds its flags, 0x04 marking the stream's last page.
        const lastPage = ogg.lastIndexOf('OggS');
        if (!summary || ogg.toString('latin1', 0, 4) !== 'OggS' || lastPage < 0 || !(ogg[lastPage + 5] & 0x04)) {
          throw new Error('the stream is not an Ogg stream that ends with an end-of-stream page');
        }
        // Every word is timed; one espeak-ng speaks together with the word before it ("at a") shares its span.
        const lastWord = text.split(/\s+/).filter(Boolean).pop().replace(/[.,!?]+$/, '');
        if (words.length === 0 || !words[words.length - 1].word.includes(lastWord)) {
          throw new Error(`the word timestamps do not reach the last word: ${words.map((w) => w.word).join(' ')}`);
        }
        fs.writeFileSync(file, ogg);
        words.forEach((w) => console.log(`  ${(w.start_ms / 1000).toFixed(3).padStart(7)} ${(w.end_ms / 1000).toFixed(3).padStart(7)}  ${w.word}`));
        console.log(`${file}: ${(summary.audio_samples / 24000).toFixed(2)} s of Ogg Opus, ${ogg.length} bytes`);
        resolve();
      } catch (e) {
        reject(e);
      }
    });
  });
}

function stream(client, text, file) {
  const call = client.StreamingSynthesize({ deadline: deadline() });
  const saved = save(call, file);
  // The first message carries the config; every later one a piece of text.
  call.write({ config });
  text.split(/\s+/).filter(Boolean).forEach((word, i) => call.write({ text: i === 0 ? word : ` ${word}` }));
  call.end();
  return saved;
}

// Writes the streamed WAV to file and checks it against the summary on the last message.
function save(call, file) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let summary = null;
    call.on('data', (response) => {
      if (response.segment_text) {
        console.log(`  segment ${response.segment_index}${response.cached ? ' (cached)' : ''}: ${response.segment_text}`);
      }
      chunks.push(response.audio);
      if (response.summary) {
        summary = response.summary;
      }
    });
    call.on('error', reject);
    call.on('end', () => {
      try {
        if (!summary) {
          throw new Error('the stream ended without a summary message');
        }
        const wav = Buffer.concat(chunks);
        const samples = (wav.length - finishWav(wav)) / 2;
        if (samples === 0 || samples !== summary.audio_samples) {
          throw new Error(`received ${samples} samples, the summary reports ${summary.audio_samples}`);
        }
        fs.writeFileSync(file, wav);
        console.log(`${file}: ${(samples / SAMPLE_RATE_HZ).toFixed(2)} s in ${summary.segments_total} segments ` +
          `(${summary.segments_cached} cached), first audio after ${summary.first_audio_ms.toFixed(0)} ms`);
        resolve();
      } catch (e) {
        reject(e);
      }
    });
  });
}

// A stream cannot know its length, so its header says 0xFFFFFFFF: write the real sizes.
// Returns where the samples start.
function finishWav(wav) {
  if (wav.toString('latin1', 0, 4) !== 'RIFF' || wav.toString('latin1', 8, 12) !== 'WAVE') {
    throw new Error('the first message does not start with a RIFF/WAVE header');
  }
  for (let offset = 12; offset + 8 <= wav.length;) {
    const size = wav.readUInt32LE(offset + 4);
    if (wav.toString('latin1', offset, offset + 4) === 'data') {
      wav.writeUInt32LE(wav.length - 8, 4);
      wav.writeUInt32LE(wav.length - offset - 8, offset + 4);
      return offset + 8;
    }
    offset += 8 + size + (size & 1);
  }
  throw new Error('the WAV header has no data chunk');
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      server: { type: 'string', default: '127.0.0.1:50051' },
      'out-dir': { type: 'string', default: '.' },
      text: { type: 'string', default: DEFAULT_TEXT },
    },
  });
  const call = positionals[0] ?? 'both';
  if (!['synthesize', 'stream', 'opus', 'both'].includes(call)) {
    throw new Error(`unknown call '${call}': synthesize, stream, opus or both`);
  }
  const outDir = values['out-dir'];
  fs.mkdirSync(outDir, { recursive: true });
  const client = new tts.TextToSpeech(values.server, grpc.credentials.createInsecure());
  try {
    if (call === 'synthesize' || call === 'both') {
      console.log(`Synthesize -> ${path.join(outDir, 'synthesize.wav')}`);
      await synthesize(client, values.text, path.join(outDir, 'synthesize.wav'));
    }
    if (call === 'stream' || call === 'both') {
      console.log(`StreamingSynthesize, word by word -> ${path.join(outDir, 'streaming.wav')}`);
      await stream(client, values.text, path.join(outDir, 'streaming.wav'));
    }
    if (call === 'opus' || call === 'both') {
      console.log(`Synthesize as Ogg Opus with word timestamps -> ${path.join(outDir, 'speech.opus')}`);
      await opus(client, values.text, path.join(outDir, 'speech.opus'));
    }
  } finally {
    client.close();
  }
}

main().catch((e) => {
  // A failed call is a grpc-js ServiceError: its code and details say what the server refused.
  const reason = e.code !== undefined && e.details !== undefined ? `${grpc.status[e.code]}: ${e.details}` : e.message;
  console.error(`error: ${reason}`);
  process.exitCode = 1;
});
