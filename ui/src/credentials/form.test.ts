import { describe, expect, it } from "vitest";
import type { CredentialType } from "../ipc/types";
import {
  barScale, emptyForm, formatRate, hasRefreshToken, lineTone, overLimit, quotaText, signInService, toNewCredential, type CredentialForm,
} from "./form";

const SMTP: CredentialType = {
  type: "smtp",
  fields: [
    { name: "host", required: true, secret: false, kind: "text" },
    { name: "port", required: true, secret: false, kind: "port" },
    { name: "username", required: true, secret: false, kind: "text" },
    { name: "password", required: true, secret: true, kind: "text" },
    { name: "tls", required: false, secret: false, kind: "flag" },
    { name: "base_url", required: false, secret: false, kind: "text" },
  ],
};
const SERVICE_ACCOUNT: CredentialType = {
  type: "google.service_account",
  fields: [{ name: "key", required: true, secret: true, kind: "json" }],
};

function smtpForm(values: CredentialForm["values"]): CredentialForm {
  const form = emptyForm(SMTP);
  return { ...form, id: " mail ", values: { ...form.values, ...values } };
}

describe("emptyForm", () => {
  it("has an empty value per field, flags off, production by default", () => {
    expect(emptyForm(SMTP)).toEqual({
      id: "", type: "smtp", label: "", env: "production",
      values: { host: "", port: "", username: "", password: "", tls: false, base_url: "" },
    });
  });
});

describe("toNewCredential", () => {
  it("sends ports as numbers, flags as booleans and leaves empty fields out", () => {
    const read = toNewCredential(smtpForm({ host: " smtp.example.com ", port: "587", username: "me", password: "pw", tls: true }), SMTP);
    expect(read).toEqual({
      ok: true,
      credential: { id: "mail", type: "smtp", env: "production",
        fields: { host: "smtp.example.com", port: 587, username: "me", password: "pw", tls: true } },
    });
  });

  it("sends an unchecked flag as false and the label and env when given", () => {
    const form = { ...smtpForm({ host: "h", port: "25" }), label: " Outbox ", env: "test" as const };
    const read = toNewCredential(form, SMTP);
    expect(read.ok && read.credential).toEqual({
      id: "mail", type: "smtp", label: "Outbox", env: "test", fields: { host: "h", port: 25, tls: false },
    });
  });

  it("leaves a missing required field for the back end to name", () => {
    const read = toNewCredential(smtpForm({ host: "h", port: "587", username: "me" }), SMTP);
    expect(read.ok && "password" in read.credential.fields).toBe(false);
  });

  it.each(["abc", "0", "65536", "58.7", "-1"])("refuses the port %s, naming the field", (port) => {
    expect(toNewCredential(smtpForm({ port }), SMTP)).toEqual({
      ok: false, field: "port", message: "port: must be a whole number from 1 to 65535",
    });
  });

  it("parses JSON fields", () => {
    const form = { ...emptyForm(SERVICE_ACCOUNT), id: "sheets", values: { key: '{"client_email":"a@b.c","private_key":"k"}' } };
    const read = toNewCredential(form, SERVICE_ACCOUNT);
    expect(read.ok && read.credential.fields).toEqual({ key: { client_email: "a@b.c", private_key: "k" } });
  });

  it("refuses malformed JSON with an error naming the field", () => {
    const form = { ...emptyForm(SERVICE_ACCOUNT), id: "sheets", values: { key: "{ not json" } };
    const read = toNewCredential(form, SERVICE_ACCOUNT);
    expect(read.ok).toBe(false);
    if (!read.ok) {
      expect(read.field).toBe("key");
      expect(read.message).toMatch(/^key: not valid JSON \(/);
    }
  });
});

describe("verdict lines", () => {
  it("reads the tone from the back end's prefix", () => {
    expect(lineTone('ok credential "crm" (http.bearer, production secret): resolves')).toBe("ok");
    expect(lineTone("FAILED missing scope crm.objects.contacts.write")).toBe("failed");
    expect(lineTone("granted: crm.objects.contacts.read")).toBe("info");
  });
});

describe("error rate", () => {
  it("formats the rate as a percentage", () => {
    expect(formatRate(0)).toBe("0 %");
    expect(formatRate(0.05)).toBe("5 %");
    expect(formatRate(0.0123)).toBe("1.2 %");
    expect(formatRate(0.0004)).toBe("0.04 %");
    expect(formatRate(0.25)).toBe("25 %");
    expect(formatRate(1)).toBe("100 %");
  });

  it("warns above 5 %, not at it", () => {
    expect(overLimit(0.05)).toBe(false);
    expect(overLimit(0.0501)).toBe(true);
    expect(overLimit(0)).toBe(false);
  });

  it("scales the bar to 20 % unless the rate is higher", () => {
    expect(barScale(0.01)).toBe(0.2);
    expect(barScale(0.4)).toBe(0.5);
    expect(barScale(0.95)).toBe(1);
  });
});

describe("quotaText", () => {
  it("shows what is left of the daily quota when HubSpot announced one", () => {
    expect(quotaText({ daily_limit: 500000 as unknown as bigint, daily_remaining: 480000 as unknown as bigint }))
      .toBe("480,000 of 500,000 left (96 %)");
    expect(quotaText({ daily_limit: 500000 as unknown as bigint, daily_remaining: 498716 as unknown as bigint }))
      .toBe("498,716 of 500,000 left (99 %)");
  });

  it("is null without a quota", () => {
    expect(quotaText({ daily_limit: null, daily_remaining: null })).toBeNull();
  });
});

describe("signing in", () => {
  const OAUTH: CredentialType = {
    type: "hubspot.oauth",
    fields: [
      { name: "client_id", required: true, secret: false, kind: "text" },
      { name: "client_secret", required: true, secret: true, kind: "text" },
      { name: "refresh_token", required: false, secret: true, kind: "text" },
      { name: "redirect_port", required: false, secret: false, kind: "port" },
    ],
  };

  it("names the service of the types connected through the browser", () => {
    expect(signInService("hubspot.oauth")).toBe("HubSpot");
    expect(signInService("google.oauth")).toBe("Google");
    expect(signInService("hubspot.private_app")).toBeUndefined();
  });

  it("takes redirect_port 0 (any free port), and no other port field 0", () => {
    const form = { ...emptyForm(OAUTH), id: "crm", values: { ...emptyForm(OAUTH).values, client_id: "c", client_secret: "s", redirect_port: "0" } };
    const read = toNewCredential(form, OAUTH);
    expect(read.ok && read.credential.fields).toEqual({ client_id: "c", client_secret: "s", redirect_port: 0 });
    expect(toNewCredential({ ...form, values: { ...form.values, redirect_port: "65536" } }, OAUTH)).toEqual({
      ok: false, field: "redirect_port", message: "redirect_port: must be a whole number from 0 to 65535",
    });
  });

  it("allows saving without signing in only with a pasted refresh token", () => {
    const form = emptyForm(OAUTH);
    expect(hasRefreshToken(form)).toBe(false);
    expect(hasRefreshToken({ ...form, values: { ...form.values, refresh_token: "  " } })).toBe(false);
    expect(hasRefreshToken({ ...form, values: { ...form.values, refresh_token: "r-1" } })).toBe(true);
  });
});
