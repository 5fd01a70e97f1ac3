/*
 * docloc walkthrough: turns a numbered list marked with <!-- docloc: walkthrough --> into a
 * step-by-step component. The build (docloc.site.walkthrough) wraps the list in
 * <div class="docloc-wt" data-docloc-walkthrough="{json}"> with the interface strings of the
 * page's language; plural forms arrive already resolved for every count, so nothing from a
 * catalog is evaluated here, and every string is inserted as text, never as markup.
 * Without this script the plain list is shown; printing always shows every step.
 */
(function () {
  "use strict";

  var STORAGE_PREFIX = "docloc-walkthrough:v1:";

  function format(template, values) {
    return template.replace(/%\((\w+)\)d|%%/g, function (match, name) {
      if (!name) return "%";
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : match;
    });
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function button(className, text) {
    var node = element("button", className, text);
    node.type = "button";
    return node;
  }

  function storage() {
    try {
      var probe = STORAGE_PREFIX + "probe";
      window.localStorage.setItem(probe, "1");
      window.localStorage.removeItem(probe);
      return window.localStorage;
    } catch (error) {
      return null; // disabled storage, or file:// in some browsers: the walkthrough still works
    }
  }

  function Walkthrough(root, data) {
    this.root = root;
    this.data = data;
    this.total = data.steps;
    this.list = root.querySelector(".docloc-wt__list");
    this.steps = Array.prototype.filter.call(this.list.children, function (child) {
      return child.classList.contains("docloc-wt__step");
    });
    this.stepPattern = new RegExp("^#" + data.prefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + "-(\\d+)$");
    this.storage = storage();
    this.key = STORAGE_PREFIX + data.language + ":" + window.location.pathname + ":" + data.index;
    this.state = { current: 1, done: [], view: "steps" };
  }

  Walkthrough.prototype.text = function (key) {
    return this.data.strings[key];
  };

  Walkthrough.prototype.plural = function (key, values) {
    var message = this.data.plurals[key];
    var n = values[message.count];
    var index = message.index[Math.min(Math.max(n, 0), message.index.length - 1)];
    return format(message.forms[index], values);
  };

  // Interface strings that fell back to English get lang="en" so screen readers pronounce them right.
  Walkthrough.prototype.label = function (node, key) {
    if (this.data.fallback.indexOf(key) !== -1) node.setAttribute("lang", "en");
    else node.removeAttribute("lang");
    return node;
  };

  Walkthrough.prototype.build = function () {
    var self = this;
    var data = this.data;
    var uid = "docloc-wt-" + data.index;
    var root = this.root;
    root.classList.add("docloc-wt--enhanced");
    root.setAttribute("role", "group");
    if (data.labelledby && document.getElementById(data.labelledby)) {
      root.setAttribute("aria-labelledby", data.labelledby);
    } else {
      root.setAttribute("aria-label", this.text("label"));
    }

    var header = element("div", "docloc-wt__header");
    this.status = element("p", "docloc-wt__status");
    this.status.id = uid + "-status";
    this.status.setAttribute("role", "status");
    this.status.setAttribute("aria-live", "polite");
    this.status.setAttribute("aria-atomic", "true");
    this.label(this.status, "step_of");
    this.progress = element("div", "docloc-wt__progress");
    this.progress.setAttribute("role", "progressbar");
    this.progress.setAttribute("aria-labelledby", this.status.id);
    this.progress.setAttribute("aria-valuemin", "0");
    this.progress.setAttribute("aria-valuemax", String(this.total));
    this.progressBar = element("div", "docloc-wt__progress-bar");
    this.progress.appendChild(this.progressBar);

    this.stepper = element("ol", "docloc-wt__stepper");
    this.stepButtons = this.steps.map(function (step, i) {
      var item = element("li");
      var go = button("docloc-wt__goto", String(i + 1));
      go.setAttribute("data-step", String(i + 1));
      go.addEventListener("click", function () {
        self.go(i + 1, { focus: "stepper" });
      });
      item.appendChild(go);
      self.stepper.appendChild(item);
      return go;
    });
    this.stepper.addEventListener("keydown", function (event) {
      var keys = { Home: 1, End: self.total };
      if (event.key in keys && !event.altKey && !event.ctrlKey && !event.metaKey) {
        event.preventDefault();
        self.go(keys[event.key], { focus: "stepper" });
      }
    });

    this.allToggle = this.label(button("docloc-wt__all", this.text("show_all")), "show_all");
    this.allToggle.addEventListener("click", function () {
      self.setView(self.state.view === "all" ? "steps" : "all");
    });

    this.doneCount = element("p", "docloc-wt__done-count");
    this.label(this.doneCount, "steps_done");
    header.appendChild(this.status);
    header.appendChild(this.progress);
    header.appendChild(this.stepper);
    header.appendChild(this.doneCount);
    header.appendChild(this.allToggle);
    root.insertBefore(header, this.list);

    var start = this.list.start || 1;
    this.doneButtons = this.steps.map(function (step, i) {
      step.value = start + i; // keeps the item's number when it is shown alone
      var actions = element("div", "docloc-wt__actions");
      var done = self.label(button("docloc-wt__done", self.text("done")), "done");
      done.addEventListener("click", function () {
        self.toggleDone(i + 1);
      });
      actions.appendChild(done);
      step.appendChild(actions);
      return done;
    });

    this.complete = element("div", "docloc-wt__complete");
    this.complete.setAttribute("tabindex", "-1");
    this.completeMessage = this.label(element("p", "docloc-wt__complete-message"), "complete");
    var again = this.label(button("docloc-wt__again", this.text("start_again")), "start_again");
    again.addEventListener("click", function () {
      self.restart();
    });
    this.complete.appendChild(this.completeMessage);
    this.complete.appendChild(again);
    root.appendChild(this.complete);

    var nav = element("div", "docloc-wt__nav");
    this.back = this.label(button("docloc-wt__back", this.text("back")), "back");
    this.next = button("docloc-wt__next");
    this.back.addEventListener("click", function () {
      self.previous();
    });
    this.next.addEventListener("click", function () {
      self.forward();
    });
    nav.appendChild(this.back);
    nav.appendChild(this.next);
    root.appendChild(nav);

    // Left and Right arrows move between steps wherever focus is inside the walkthrough.
    root.addEventListener("keydown", function (event) {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      if (self.state.view !== "steps" || /^(INPUT|TEXTAREA|SELECT)$/.test(event.target.tagName)) return;
      if (event.target.isContentEditable) return;
      var inStepper = self.stepper.contains(event.target);
      if (event.key === "ArrowRight" && self.state.current < self.total) {
        event.preventDefault();
        self.go(self.state.current + 1, { focus: inStepper ? "stepper" : "keep" });
      } else if (event.key === "ArrowLeft" && self.state.current > 1) {
        event.preventDefault();
        self.go(self.state.current - 1, { focus: inStepper ? "stepper" : "keep" });
      }
    });
    window.addEventListener("hashchange", function () {
      if (!document.body.contains(root)) return; // a page left by instant navigation
      var step = self.stepFromHash();
      if (step) self.go(step, { focus: "step", keepHash: true });
    });
  };

  Walkthrough.prototype.stepFromHash = function () {
    var match = this.stepPattern.exec(window.location.hash);
    var step = match ? parseInt(match[1], 10) : 0;
    return step >= 1 && step <= this.total ? step : 0;
  };

  Walkthrough.prototype.load = function () {
    var saved = null;
    if (this.storage) {
      try {
        saved = JSON.parse(this.storage.getItem(this.key) || "null");
      } catch (error) {
        saved = null;
      }
    }
    var total = this.total;
    if (saved && typeof saved === "object") {
      var current = parseInt(saved.current, 10);
      if (current >= 1 && current <= total) this.state.current = current;
      if (Array.isArray(saved.done)) {
        this.state.done = saved.done.filter(function (n) {
          return typeof n === "number" && n >= 1 && n <= total;
        });
      }
      if (saved.view === "all" || saved.view === "complete") this.state.view = saved.view;
    }
    var fromHash = this.stepFromHash();
    if (fromHash) {
      this.state.current = fromHash;
      this.state.view = "steps";
    }
    return fromHash;
  };

  Walkthrough.prototype.save = function () {
    if (!this.storage) return;
    try {
      this.storage.setItem(this.key, JSON.stringify(this.state));
    } catch (error) {
      /* storage full or refused: the state lasts for this visit only */
    }
  };

  Walkthrough.prototype.isDone = function (step) {
    return this.state.done.indexOf(step) !== -1;
  };

  Walkthrough.prototype.go = function (step, options) {
    options = options || {};
    this.state.current = Math.min(Math.max(step, 1), this.total);
    this.state.view = "steps";
    this.update({ hash: !options.keepHash });
    if (options.focus === "stepper") this.stepButtons[this.state.current - 1].focus();
    else if (options.focus === "step") this.focusStep(this.state.current);
  };

  Walkthrough.prototype.previous = function () {
    if (this.state.view === "complete") {
      this.go(this.total, { focus: "keep" });
    } else if (this.state.current > 1) {
      this.go(this.state.current - 1, { focus: "keep" });
    }
  };

  Walkthrough.prototype.forward = function () {
    if (this.state.current < this.total) {
      this.go(this.state.current + 1, { focus: "keep" });
      return;
    }
    // Finish: the last step counts as done, and the completion state takes the focus.
    if (!this.isDone(this.total)) this.state.done.push(this.total);
    this.setView("complete");
    this.complete.focus();
  };

  Walkthrough.prototype.toggleDone = function (step) {
    if (this.isDone(step)) {
      this.state.done = this.state.done.filter(function (n) {
        return n !== step;
      });
    } else {
      this.state.done.push(step);
    }
    this.update({});
  };

  Walkthrough.prototype.restart = function () {
    this.state = { current: 1, done: [], view: "steps" };
    this.update({ hash: true });
    this.focusStep(1);
  };

  // Steps take the focus only when the script moves it there (for screen readers to read them).
  Walkthrough.prototype.focusStep = function (step) {
    var item = this.steps[step - 1];
    item.setAttribute("tabindex", "-1");
    item.focus();
  };

  Walkthrough.prototype.setView = function (view) {
    this.state.view = view;
    this.update({ hash: true });
  };

  Walkthrough.prototype.update = function (options) {
    var self = this;
    var state = this.state;
    var total = this.total;
    state.done.sort(function (a, b) {
      return a - b;
    });
    this.root.setAttribute("data-view", state.view);
    var doneCount = state.done.length;
    var position = state.view === "complete" ? total : state.current;
    var statusText =
      state.view === "complete" && doneCount === total
        ? this.plural("complete", { total: total })
        : this.plural("step_of", { current: position, total: total });
    if (this.status.textContent !== statusText) this.status.textContent = statusText;
    this.progress.setAttribute("aria-valuenow", String(position));
    this.progressBar.style.width = (100 * position) / total + "%";
    this.doneCount.textContent = this.plural("steps_done", { done: doneCount, total: total });
    this.steps.forEach(function (step, i) {
      var n = i + 1;
      var current = n === state.current && state.view === "steps";
      step.classList.toggle("is-current", current);
      step.classList.toggle("is-done", self.isDone(n));
      self.doneButtons[i].setAttribute("aria-pressed", String(self.isDone(n)));
      var go = self.stepButtons[i];
      go.tabIndex = n === state.current ? 0 : -1;
      go.classList.toggle("is-done", self.isDone(n));
      go.setAttribute(
        "aria-label",
        self.plural("step_n", { n: n }) + (self.isDone(n) ? ", " + self.text("done") : ""),
      );
      if (current) go.setAttribute("aria-current", "step");
      else go.removeAttribute("aria-current");
    });
    this.allToggle.setAttribute("aria-pressed", String(state.view === "all"));
    this.back.setAttribute("aria-disabled", String(state.view === "steps" && state.current === 1));
    var last = state.current === total && state.view === "steps";
    this.next.textContent = this.text(last ? "finish" : "next");
    this.label(this.next, last ? "finish" : "next");
    this.next.setAttribute("aria-disabled", String(state.view !== "steps"));
    this.completeMessage.textContent =
      doneCount === total
        ? this.plural("complete", { total: total })
        : this.plural("steps_done", { done: doneCount, total: total });
    if (options.hash) this.syncHash();
    this.save();
  };

  // The address shows the current step (#step-3): it can be shared, and the links to the page in
  // other languages carry it (docloc-site.js keeps them in step), so a language switch opens the same
  // step. Which fragment the walkthrough may write:
  //  - on start-up, a step restored from storage, only where the address has no fragment (or names
  //    one of its steps already): an anchor the reader followed (#next-steps) is left alone, and of
  //    several walkthroughs on a page the first to start claims the empty address. An untouched
  //    walkthrough (first step, nothing done) writes nothing: a fragment scrolls the page it opens,
  //    so a reader switching language from the top of the page would land at the walkthrough;
  //  - when the reader acts in the walkthrough (Next, Back, a step button, Start again, Show all
  //    steps), it owns the fragment and replaces any other;
  //  - outside the one-step view (all steps shown, completed) it writes none, removing its own.
  Walkthrough.prototype.syncHash = function () {
    var hash = this.state.view === "steps" ? "#" + this.data.prefix + "-" + this.state.current : "";
    if (!hash && !this.stepFromHash()) return;
    if (window.location.hash === hash) return;
    var url = window.location.pathname + window.location.search + hash;
    try {
      window.history.replaceState(window.history.state, "", url);
    } catch (error) {
      return; /* some file:// contexts refuse replaceState */
    }
    var event;
    try {
      event = new Event("docloc:hashchange");
    } catch (error) {
      event = document.createEvent("Event");
      event.initEvent("docloc:hashchange", false, false);
    }
    window.dispatchEvent(event);
  };

  Walkthrough.prototype.start = function () {
    this.build();
    var fromHash = this.load();
    var state = this.state;
    var untouched = state.view === "steps" && state.current === 1 && !state.done.length;
    // A step restored from storage goes into an address that has no fragment (see syncHash).
    this.update({ hash: fromHash || (!window.location.hash && !untouched) });
    if (fromHash) {
      // The browser scrolled to the item before the other steps were hidden: scroll to the walkthrough.
      this.root.scrollIntoView({ block: "start" });
    }
  };

  function init() {
    var roots = document.querySelectorAll(".docloc-wt[data-docloc-walkthrough]:not(.docloc-wt--enhanced)");
    Array.prototype.forEach.call(roots, function (root) {
      var data;
      try {
        data = JSON.parse(root.getAttribute("data-docloc-walkthrough"));
      } catch (error) {
        return; // leave the plain list
      }
      if (!data || !data.steps || !root.querySelector(".docloc-wt__list")) return;
      new Walkthrough(root, data).start();
    });
  }

  // Material's instant navigation replaces the page without reloading scripts: follow its document$.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
