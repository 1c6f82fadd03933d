// SonicSight page behaviour beyond htmx: recording from the microphone and a
// size check before uploading. Recordings are uploaded as the browser made
// them (WebM or Ogg with Opus, MP4 with AAC: the server decodes all three);
// anything else is converted here to 16-bit mono WAV.
(function () {
  "use strict";

  const RECORD_RATE = 22050;

  const form = document.getElementById("upload-form");
  const input = document.getElementById("audio");
  const recordButton = document.getElementById("record-button");
  const recordStatus = document.getElementById("record-status");
  const preview = document.getElementById("audio-preview");
  const results = document.getElementById("results");
  const maxBytes = Number(form.dataset.maxBytes);
  const maxSize = form.dataset.maxSize;
  const maxRecordSeconds = Number(recordButton.dataset.maxSeconds || 10);

  // The page's messages in its language, formatted by the server with {0}, {1} left for us to fill.
  function t(name) {
    const args = Array.prototype.slice.call(arguments, 1);
    const pattern = form.dataset["msg" + name.charAt(0).toUpperCase() + name.slice(1)] || name;
    return pattern.replace(/\{(\d)\}/g, function (all, i) {
      return i < args.length ? String(args[i]) : all;
    });
  }

  function showError(target, message) {
    const p = document.createElement("p");
    p.className = "error";
    p.setAttribute("role", "alert");
    p.textContent = t("error", message);
    target.replaceChildren(p);
  }

  // Refuse an oversized file before sending it: the server would refuse it too, after the upload.
  document.body.addEventListener("htmx:confirm", function (event) {
    const file = input.files && input.files[0];
    if (file && file.size > maxBytes) {
      event.preventDefault();
      const target = event.detail.elt === input ? preview : results;
      showError(target, t("toolarge", file.name, maxSize));
    }
  });

  // A network failure (server gone, tunnel down) must say so instead of doing nothing.
  document.body.addEventListener("htmx:sendError", function (event) {
    const target = event.detail.elt === input ? preview : results;
    showError(target, t("offline"));
  });

  // ---- Recording -----------------------------------------------------------
  let recorder = null;
  let stopTimer = null;
  let tickTimer = null;

  function setRecording(on) {
    recordButton.classList.toggle("recording", on);
    recordButton.setAttribute("aria-pressed", String(on));
    recordButton.textContent = on ? t("stop") : t("start");
  }

  async function startRecording() {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia || !window.MediaRecorder) {
      recordStatus.textContent = t("nomicsupport");
      return;
    }
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch (e) {
      recordStatus.textContent = t("nomic", e && e.message ? e.message : e);
      return;
    }
    const chunks = [];
    recorder = new MediaRecorder(stream);
    recorder.addEventListener("dataavailable", function (e) {
      if (e.data && e.data.size > 0) {
        chunks.push(e.data);
      }
    });
    recorder.addEventListener("stop", async function () {
      stream.getTracks().forEach(function (t) { t.stop(); });
      clearTimeout(stopTimer);
      clearInterval(tickTimer);
      setRecording(false);
      recordStatus.textContent = t("converting");
      try {
        const blob = new Blob(chunks, { type: recorder.mimeType });
        const stamp = "recording-" + new Date().toISOString().slice(11, 19).replace(/:/g, "");
        const kind = asRecorded(recorder.mimeType);
        let name;
        if (kind) {
          name = stamp + kind.ext;
          useFile(new File([blob], name, { type: kind.type }));
        } else {
          name = stamp + ".wav";
          useFile(new File([await toWav(await blob.arrayBuffer())], name, { type: "audio/wav" }));
        }
        recordStatus.textContent = t("recorded", name);
      } catch (e) {
        recordStatus.textContent = t("convertfailed", e && e.message ? e.message : e);
      }
      recorder = null;
    });
    recorder.start(250);
    setRecording(true);
    const started = Date.now();
    recordStatus.textContent = t("recording", 0);
    tickTimer = setInterval(function () {
      recordStatus.textContent = t("recording", Math.floor((Date.now() - started) / 1000));
    }, 500);
    stopTimer = setTimeout(stopRecording, maxRecordSeconds * 1000);
  }

  function stopRecording() {
    if (recorder && recorder.state !== "inactive") {
      recorder.stop();
    }
  }

  // The recorder's container, when the server reads it as it is.
  function asRecorded(mimeType) {
    const base = String(mimeType || "").split(";")[0].trim().toLowerCase();
    if (base === "audio/webm" || base === "video/webm") {
      return { ext: ".webm", type: "audio/webm" };
    }
    if (base === "audio/ogg") {
      return { ext: ".ogg", type: "audio/ogg" };
    }
    if (base === "audio/mp4" || base === "video/mp4") {
      return { ext: ".m4a", type: "audio/mp4" };
    }
    return null;
  }

  // Decodes whatever the browser recorded (WebM/Opus, MP4/AAC…), mixes to mono at RECORD_RATE.
  async function toWav(encoded) {
    const context = new AudioContext();
    let decoded;
    try {
      decoded = await context.decodeAudioData(encoded);
    } finally {
      context.close();
    }
    const frames = Math.max(1, Math.ceil(decoded.duration * RECORD_RATE));
    const offline = new OfflineAudioContext(1, frames, RECORD_RATE);
    const source = offline.createBufferSource();
    source.buffer = decoded;
    source.connect(offline.destination);
    source.start();
    const rendered = await offline.startRendering();
    return encodeWav(rendered.getChannelData(0), RECORD_RATE);
  }

  function encodeWav(samples, rate) {
    const buffer = new ArrayBuffer(44 + samples.length * 2);
    const view = new DataView(buffer);
    function text(offset, s) {
      for (let i = 0; i < s.length; i++) {
        view.setUint8(offset + i, s.charCodeAt(i));
      }
    }
    text(0, "RIFF");
    view.setUint32(4, 36 + samples.length * 2, true);
    text(8, "WAVE");
    text(12, "fmt ");
    view.setUint32(16, 16, true);
    view.setUint16(20, 1, true);          // PCM
    view.setUint16(22, 1, true);          // mono
    view.setUint32(24, rate, true);
    view.setUint32(28, rate * 2, true);   // bytes per second
    view.setUint16(32, 2, true);          // block align
    view.setUint16(34, 16, true);         // bits per sample
    text(36, "data");
    view.setUint32(40, samples.length * 2, true);
    for (let i = 0; i < samples.length; i++) {
      const s = Math.max(-1, Math.min(1, samples[i]));
      view.setInt16(44 + i * 2, s < 0 ? s * 0x8000 : s * 0x7FFF, true);
    }
    return new Blob([buffer], { type: "audio/wav" });
  }

  // Puts the recording in the file input, so preview and Analyze work exactly as for an upload.
  function useFile(file) {
    const transfer = new DataTransfer();
    transfer.items.add(file);
    input.files = transfer.files;
    input.dispatchEvent(new Event("change", { bubbles: true }));
  }

  recordButton.addEventListener("click", function () {
    if (recorder) {
      stopRecording();
    } else {
      startRecording();
    }
  });
})();
