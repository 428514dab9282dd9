// Calls to this server's OpenAI-compatible API, with its errors turned into ApiError (the server's own words).

/** A refusal or failure the page shows as the server worded it. */
export class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

function headers(key, json) {
  const result = {};
  if (json) {
    result["Content-Type"] = "application/json";
  }
  if (key) {
    result.Authorization = `Bearer ${key}`;
  }
  return result;
}

// Errors come as {"error":{"message",...}}; anything else (a proxy's page, a dropped connection) is said plainly.
async function failure(response) {
  let message = `The server answered ${response.status} ${response.statusText}.`;
  try {
    const body = await response.json();
    if (body && body.error && body.error.message) {
      message = body.error.message;
    }
  } catch {
    // Not JSON: keep the status line.
  }
  return new ApiError(message, response.status);
}

async function send(url, init) {
  let response;
  try {
    response = await fetch(url, init);
  } catch (e) {
    throw new ApiError(`The server could not be reached (${e.message}). Is it still running?`, 0);
  }
  if (!response.ok) {
    throw await failure(response);
  }
  return response;
}

/** GET /v1/audio/voices: [{id, name}]. */
export async function listVoices(key) {
  const response = await send("/v1/audio/voices", { headers: headers(key, false) });
  const body = await response.json();
  return body.voices;
}

/**
 * POST /v1/audio/speech as server-sent events with the segment events, calling onEvent with each parsed event
 * ({type: "speech.segment" | "speech.audio.delta" | "speech.audio.done", ...}) as it arrives.
 */
export async function streamSpeech(request, key, signal, onEvent) {
  const response = await send("/v1/audio/speech", {
    method: "POST",
    headers: headers(key, true),
    body: JSON.stringify({ ...request, stream_format: "sse", include_segments: true }),
    signal,
  });
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let pending = "";
  let done = false;
  for (;;) {
    let chunk;
    try {
      chunk = await reader.read();
    } catch (e) {
      if (signal.aborted) {
        throw e;
      }
      throw new ApiError(`The stream broke off before its end (${e.message}); the server's log says why.`, 0);
    }
    if (chunk.done) {
      break;
    }
    pending += chunk.value;
    // Events end with a blank line; a partial event waits for the rest of its bytes.
    let end;
    while ((end = pending.search(/\r?\n\r?\n/)) >= 0) {
      const block = pending.slice(0, end);
      pending = pending.slice(end).replace(/^\r?\n\r?\n/, "");
      const data = block.split(/\r?\n/).filter((line) => line.startsWith("data:")).map((line) => line.slice(5).trimStart()).join("\n");
      if (data) {
        const event = JSON.parse(data);
        done ||= event.type === "speech.audio.done";
        onEvent(event);
      }
    }
  }
  if (!done) {
    throw new ApiError("The stream ended without its speech.audio.done event; the server's log says why.", 0);
  }
}

/** The bytes of a delta event's base64 audio. */
export function decodeBase64(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) {
    bytes[i] = binary.charCodeAt(i);
  }
  return bytes;
}
