/* zwgk — progressive enhancement only: every page works without this file (loaded with defer; CSP script-src 'self').
   1. Error summary of a form: focused on load; its links move focus to the field they name.
   2. Document tools (打印, 字号, 语音朗读) on article pages, shown only when this script runs.
   3. Fields shown by applicant type (data-show-for on a field wrapper, the radio group named by data-switch). */
(function () {
  "use strict";

  // 1. Error summary (GOV.UK pattern): focus the summary, links focus the field and scroll its label into view.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) return;
      var field = document.getElementById(link.getAttribute("href").slice(1));
      if (!field) return;
      event.preventDefault();
      var wrapper = field.closest(".field, fieldset") || field;
      wrapper.scrollIntoView();
      field.focus();
    });
  }

  // 2. Document tools
  var tools = document.querySelector("[data-doc-tools]");
  if (tools) {
    var body = document.querySelector(tools.getAttribute("data-doc-tools"));
    var status = tools.querySelector("[data-doc-status]");
    var say = function (text) { if (status) status.textContent = text; };
    tools.hidden = false;

    var printButton = tools.querySelector("[data-doc-print]");
    if (printButton) printButton.addEventListener("click", function () { window.print(); });

    var sizes = ["", "text-larger", "text-largest"];
    var sizeNames = ["标准", "较大", "最大"];
    var current = 0;
    try { current = Math.max(0, sizes.indexOf(window.localStorage.getItem("zwgk-text-size") || "")); } catch (e) { current = 0; }
    var applySize = function () {
      sizes.forEach(function (name) { if (name) body.classList.remove(name); });
      if (sizes[current]) body.classList.add(sizes[current]);
      try { window.localStorage.setItem("zwgk-text-size", sizes[current]); } catch (e) { /* private mode */ }
    };
    if (body) applySize();
    tools.querySelectorAll("[data-doc-size]").forEach(function (button) {
      button.addEventListener("click", function () {
        var step = parseInt(button.getAttribute("data-doc-size"), 10);
        current = Math.min(sizes.length - 1, Math.max(0, current + step));
        applySize();
        say("正文字号：" + sizeNames[current]);
      });
    });

    // 语音朗读: the browser's speech synthesis with a zh-CN voice; play / pause / resume; a visible message where
    // the browser has none.
    var speak = tools.querySelector("[data-doc-speak]");
    var stop = tools.querySelector("[data-doc-stop]");
    if (speak) {
      var synth = window.speechSynthesis;
      if (!synth || typeof window.SpeechSynthesisUtterance !== "function") {
        speak.disabled = true;
        say("您的浏览器不支持语音朗读。可使用手机或电脑自带的读屏功能朗读本页。");
      } else {
        var state = "idle";
        var setState = function (next) {
          state = next;
          speak.textContent = next === "playing" ? "暂停朗读" : next === "paused" ? "继续朗读" : "语音朗读";
          speak.setAttribute("aria-pressed", next === "playing" ? "true" : "false");
          if (stop) stop.hidden = next === "idle";
        };
        var chineseVoice = function () {
          var voices = synth.getVoices();
          for (var i = 0; i < voices.length; i++) {
            if (/^zh(-|_)?(CN|Hans)?/i.test(voices[i].lang)) return voices[i];
          }
          return null;
        };
        speak.addEventListener("click", function () {
          if (state === "playing") { synth.pause(); setState("paused"); say("已暂停。"); return; }
          if (state === "paused") { synth.resume(); setState("playing"); say("正在朗读……"); return; }
          var title = document.querySelector("h1");
          var text = ((title ? title.textContent + "。" : "") + (body ? body.innerText : "")).trim();
          var utterance = new window.SpeechSynthesisUtterance(text);
          utterance.lang = "zh-CN";
          var voice = chineseVoice();
          if (voice) utterance.voice = voice;
          utterance.rate = 0.9;
          utterance.onend = function () { setState("idle"); say("朗读结束。"); };
          utterance.onerror = function () { setState("idle"); say("无法朗读：浏览器没有可用的中文语音。可使用系统自带的读屏功能。"); };
          synth.cancel();
          synth.speak(utterance);
          setState("playing");
          say(voice ? "正在朗读……" : "正在朗读（未找到中文语音，使用浏览器默认语音）……");
        });
        if (stop) stop.addEventListener("click", function () { synth.cancel(); setState("idle"); say("已停止朗读。"); });
        window.addEventListener("pagehide", function () { synth.cancel(); });
      }
    }
  }

  // 3. Fields shown by applicant type: wrappers with data-show-for="自然人" are hidden unless that radio is checked.
  document.querySelectorAll("[data-switch]").forEach(function (group) {
    var name = group.getAttribute("data-switch");
    var form = group.closest("form");
    var update = function () {
      var checked = form.querySelector("input[name='" + name + "']:checked");
      var value = checked ? checked.value : "";
      form.querySelectorAll("[data-show-for]").forEach(function (wrapper) {
        var wanted = wrapper.getAttribute("data-show-for").split(" ");
        wrapper.hidden = value !== "" && wanted.indexOf(value) === -1;
      });
    };
    form.addEventListener("change", function (event) { if (event.target.name === name) update(); });
    update();
  });
})();
