// The playground's page: voices, the Speak form, playback and what the server said about the request.
import { ApiError, decodeBase64, listVoices, streamSpeech } from "./api.js";
import { StreamingPlayer, WholeFilePlayer, streams } from "./players.js";

const KeyStorage = "ttsgrpc.playground.key";
const $ = (id) => document.getElementById(id);
const ui = {
  form: $("speak-form"), keyRow: $("key-row"), key: $("key"), remember: $("remember"), text: $("text"), voice: $("voice"),
  format: $("format"), formatNote: $("format-note"), speed: $("speed"), speak: $("speak"), status: $("status"),
  error: $("error"), player: $("player"), segments: $("segments"), firstAudioPage: $("first-audio-page"),
  firstAudioServer: $("first-audio-server"), segmentCount: $("segment-count"), cacheHits: $("cache-hits"),
  audioLength: $("audio-length"), synthesisTime: $("synthesis-time"), mode: $("mode"),
};

let current = null; // the request in flight: {controller, player}

function showError(message) {
  ui.error.textContent = message;
  ui.error.hidden = !message;
}

function key() {
  return ui.key.value.trim();
}

function milliseconds(value) {
  return `${Math.round(value)} ms`;
}

// Engine voices grouped by their id's prefix (espeak, piper, kokoro, openai), OpenAI's names and created voices apart.
function groupOf(voice) {
  const colon = voice.id.indexOf(":");
  if (colon > 0) {
    return `${voice.id.slice(0, colon)} voices`;
  }
  return voice.id.startsWith("voice_") ? "Created voices" : "OpenAI names";
}

async function loadVoices() {
  const previous = ui.voice.value || "espeak:en-us";
  ui.status.textContent = "Loading voices…";
  try {
    const voices = await listVoices(key());
    const groups = new Map();
    for (const voice of voices) {
      const label = groupOf(voice);
      if (!groups.has(label)) {
        const group = document.createElement("optgroup");
        group.label = label;
        groups.set(label, group);
      }
      const option = new Option(voice.name && voice.name !== voice.id ? `${voice.id} — ${voice.name}` : voice.id, voice.id);
      groups.get(label).append(option);
    }
    ui.voice.replaceChildren(...groups.values());
    ui.voice.value = voices.some((v) => v.id === previous) ? previous : voices.length > 0 ? voices[0].id : "";
    ui.status.textContent = `${voices.length} voices.`;
    showError("");
    ui.speak.disabled = false;
  } catch (e) {
    ui.status.textContent = "";
    if (e instanceof ApiError && e.status === 401) {
      ui.keyRow.hidden = false;
      ui.key.focus();
    }
    showError(e.message);
  }
}

function describeFormat() {
  const format = ui.format.value;
  ui.formatNote.textContent = streams(format)
    ? "MP3 plays as it streams."
    : `${ui.format.selectedOptions[0].text} cannot be fed to this browser as a stream: it plays when the whole response has arrived.`;
}

function resetResult() {
  ui.segments.replaceChildren();
  for (const field of [ui.firstAudioPage, ui.firstAudioServer, ui.segmentCount, ui.cacheHits, ui.audioLength, ui.synthesisTime]) {
    field.textContent = "–";
  }
}

function addSegment(event) {
  const item = document.createElement("li");
  item.dataset.cached = String(event.cached);
  const badge = document.createElement("span");
  badge.className = event.cached ? "badge cached" : "badge synthesized";
  badge.textContent = event.cached ? "cached" : "synthesized";
  item.append(badge, " ", event.text);
  ui.segments.append(item);
}

function showSummary(summary) {
  ui.firstAudioServer.textContent = milliseconds(summary.first_audio_ms);
  ui.segmentCount.textContent = String(summary.segments_total);
  ui.cacheHits.textContent = `${summary.segments_cached} of ${summary.segments_total}`;
  ui.audioLength.textContent = `${(summary.audio_ms / 1000).toFixed(2)} s`;
  ui.synthesisTime.textContent = milliseconds(summary.synthesis_ms);
}

async function speak() {
  current?.controller.abort();
  current?.player.dispose();
  showError("");
  resetResult();
  const format = ui.format.value;
  const clicked = performance.now();
  const player = streams(format) ? new StreamingPlayer(ui.player) : new WholeFilePlayer(ui.player, format);
  const request = { controller: new AbortController(), player };
  current = request;
  ui.mode.textContent = player.mode;
  ui.status.textContent = "Speaking…";
  // Time to first audio as a listener has it: from the click to the moment the element starts to sound.
  ui.player.addEventListener("playing", () => {
    if (current === request) {
      ui.firstAudioPage.textContent = milliseconds(performance.now() - clicked);
    }
  }, { once: true });
  if (player instanceof StreamingPlayer) {
    play();
  }

  try {
    await streamSpeech(
      { model: "tts-1", input: ui.text.value, voice: ui.voice.value, response_format: format, speed: Number(ui.speed.value) },
      key(), request.controller.signal,
      (event) => {
        if (event.type === "speech.segment") {
          addSegment(event);
        } else if (event.type === "speech.audio.delta") {
          player.append(decodeBase64(event.audio));
        } else if (event.type === "speech.audio.done" && event.summary) {
          showSummary(event.summary);
        }
      });
    await player.finish();
    if (player instanceof WholeFilePlayer) {
      play();
    }
    if (current === request) {
      ui.status.textContent = "Done.";
    }
  } catch (e) {
    if (current === request && !request.controller.signal.aborted) {
      ui.status.textContent = "";
      showError(e.message);
    }
  }
}

function play() {
  ui.player.play().catch((e) => {
    // An autoplay refusal (no recent click) or a file the browser cannot decode: the controls still work.
    if (e.name !== "AbortError") {
      ui.status.textContent = `Press play to listen (${e.message}).`;
    }
  });
}

ui.form.addEventListener("submit", (event) => {
  event.preventDefault();
  if (!ui.form.reportValidity()) {
    return;
  }
  speak();
});
ui.text.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    ui.form.requestSubmit();
  }
});
ui.format.addEventListener("change", describeFormat);
ui.key.addEventListener("change", () => {
  if (ui.remember.checked) {
    localStorage.setItem(KeyStorage, key());
  }
  loadVoices();
});
ui.remember.addEventListener("change", () => {
  if (ui.remember.checked) {
    localStorage.setItem(KeyStorage, key());
  } else {
    localStorage.removeItem(KeyStorage);
  }
});

const stored = localStorage.getItem(KeyStorage);
if (stored) {
  ui.key.value = stored;
  ui.remember.checked = true;
  ui.keyRow.hidden = false;
}
describeFormat();
loadVoices();
