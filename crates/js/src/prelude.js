// Runs once when a sandbox is created, before any user code.
// Called with the run start (an RFC 3339 text) and the seeded replacement for
// Math.random; returns the helpers the Rust side keeps.
(function (nowText, random) {
  "use strict";
  const RealDate = globalThis.Date;
  const nowMs = RealDate.parse(nowText);
  if (nowMs !== nowMs) {
    throw new RangeError("the run start is not an RFC 3339 date-time: " + nowText);
  }
  const construct = Reflect.construct;
  const defineProperty = Object.defineProperty;
  const freeze = Object.freeze;
  const isFrozen = Object.isFrozen;
  const keys = Object.keys;
  const isArray = Array.isArray;
  const toWellFormed = String.prototype.toWellFormed;
  const call = Function.prototype.call;

  const hide = (target, key, value) =>
    defineProperty(target, key, { value, writable: true, enumerable: false, configurable: true });

  // `new Date()` and `Date.now()` give the run's start time so reruns reproduce;
  // every other Date constructor form behaves normally.
  function Date(...args) {
    if (new.target === undefined) {
      return construct(RealDate, [nowMs]).toString();
    }
    return construct(RealDate, args.length === 0 ? [nowMs] : args, new.target);
  }
  defineProperty(Date, "length", { value: 7 });
  defineProperty(Date, "prototype", { value: RealDate.prototype, writable: false });
  hide(Date, "now", function now() { return nowMs; });
  hide(Date, "parse", RealDate.parse);
  hide(Date, "UTC", RealDate.UTC);
  hide(RealDate.prototype, "constructor", Date);
  hide(globalThis, "Date", Date);

  hide(Math, "random", random);

  // A monotonic clock would make runs differ; this one stands still at the run start.
  hide(globalThis, "performance", freeze({ now() { return 0; }, timeOrigin: nowMs }));

  function deepFreeze(value) {
    if (typeof value === "object" && value !== null && !isFrozen(value)) {
      freeze(value);
      if (isArray(value)) {
        for (let i = 0; i < value.length; i++) deepFreeze(value[i]);
      } else {
        const names = keys(value);
        for (let i = 0; i < names.length; i++) deepFreeze(value[names[i]]);
      }
    }
    return value;
  }

  function wellFormed(text) {
    return call.call(toWellFormed, text);
  }

  return [deepFreeze, wellFormed];
})
