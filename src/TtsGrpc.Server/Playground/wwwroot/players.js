// The two ways the page plays a response: MP3 through MediaSource as its bytes arrive, every other format as a
// whole file once the response has ended (MediaSource takes no Ogg Opus, FLAC, WAV or raw PCM).

const PcmRate = 24000; // the API's pcm is 24 kHz, 16-bit little-endian, mono

const ContentTypes = { mp3: "audio/mpeg", opus: "audio/ogg", flac: "audio/flac", wav: "audio/wav", pcm: "audio/wav" };

/** Whether this browser can play the format while it streams. */
export function streams(format) {
  return format === "mp3" && typeof MediaSource !== "undefined" && MediaSource.isTypeSupported("audio/mpeg");
}

/** Plays MP3 as it arrives: each delta is appended to a SourceBuffer in order, the stream ended after the last. */
export class StreamingPlayer {
  constructor(audio) {
    this.mode = "streaming (MediaSource, audio/mpeg)";
    this.queue = [];
    this.finished = false;
    this.source = new MediaSource();
    this.opened = new Promise((resolve) => this.source.addEventListener("sourceopen", resolve, { once: true }));
    this.url = URL.createObjectURL(this.source);
    audio.src = this.url;
  }

  async append(bytes) {
    await this.opened;
    if (this.disposed) {
      return;
    }
    if (!this.buffer) {
      this.buffer = this.source.addSourceBuffer("audio/mpeg");
      // MP3 frames carry no timestamps of their own: play them back to back in the order they were appended.
      this.buffer.mode = "sequence";
      this.buffer.addEventListener("updateend", () => this.pump());
    }
    this.queue.push(bytes);
    this.pump();
  }

  async finish() {
    await this.opened;
    this.finished = true;
    this.pump();
  }

  // One append at a time (a SourceBuffer refuses another while it is updating); the end once all are in.
  pump() {
    // A newer request took the audio element: this MediaSource is closed and takes nothing more.
    if (this.disposed || (this.buffer && this.buffer.updating)) {
      return;
    }
    if (this.buffer && this.queue.length > 0) {
      this.buffer.appendBuffer(this.queue.shift());
      return;
    }
    if (this.finished && this.source.readyState === "open") {
      this.source.endOfStream();
    }
  }

  dispose() {
    this.disposed = true;
    URL.revokeObjectURL(this.url);
  }
}

/** Collects the response and plays it as one file when it has ended. */
export class WholeFilePlayer {
  constructor(audio, format) {
    this.audio = audio;
    this.format = format;
    this.parts = [];
    this.mode = `whole file (${format} plays when the response has ended)`;
  }

  append(bytes) {
    this.parts.push(bytes);
  }

  finish() {
    const bytes = concat(this.parts);
    const file = this.format === "pcm" ? withWavHeader(bytes) : this.format === "wav" ? closedWav(bytes) : bytes;
    this.url = URL.createObjectURL(new Blob([file], { type: ContentTypes[this.format] }));
    this.audio.src = this.url;
  }

  dispose() {
    if (this.url) {
      URL.revokeObjectURL(this.url);
    }
  }
}

function concat(parts) {
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  return bytes;
}

function writeAscii(view, offset, text) {
  for (let i = 0; i < text.length; i++) {
    view.setUint8(offset + i, text.charCodeAt(i));
  }
}

/** Raw 24 kHz PCM16 behind a 44-byte RIFF/WAVE header, so the audio element can play it. */
function withWavHeader(samples) {
  const file = new Uint8Array(44 + samples.length);
  const view = new DataView(file.buffer);
  writeAscii(view, 0, "RIFF");
  view.setUint32(4, 36 + samples.length, true);
  writeAscii(view, 8, "WAVEfmt ");
  view.setUint32(16, 16, true); // fmt chunk size
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, PcmRate, true);
  view.setUint32(28, PcmRate * 2, true); // bytes per second
  view.setUint16(32, 2, true); // bytes per frame
  view.setUint16(34, 16, true); // bits per sample
  writeAscii(view, 36, "data");
  view.setUint32(40, samples.length, true);
  file.set(samples, 44);
  return file;
}

/**
 * A streamed WAV's header cannot know its length and says 0xFFFFFFFF; once the whole file is here its real sizes
 * are written in, so the player shows the true duration and can seek.
 */
function closedWav(file) {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const ours = file.length >= 44 && view.getUint32(4, true) === 0xffffffff && view.getUint32(36, false) === 0x64617461; // "data"
  if (ours) {
    view.setUint32(4, file.length - 8, true);
    view.setUint32(40, file.length - 44, true);
  }
  return file;
}
