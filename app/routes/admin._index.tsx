// /admin: the consortium profile, its yearly goals and organs, and the rule settings.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireAdminReader } from "../actions/admin.server";
import { readIntent } from "../lib/intent-form.server";
import {
  getConsortium,
  getSettings,
  listGoals,
  profileSchema,
  settingsFormSchema,
  updateConsortium,
  updateSettings,
} from "../models/consortium.server";
import { can } from "../models/permissions";
import { listOrganMembers } from "../models/organs.server";
import { useT } from "../lib/viewer";
import { ProfileForm } from "../components/admin/ProfileForm";
import { SettingsForm } from "../components/admin/SettingsForm";
import { SavedAlert } from "../components/admin/FormAlert";
import type { IntentReply } from "../lib/intent-form";
import { ConsortiumFacts } from "../components/admin/ConsortiumFacts";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireAdminReader(request, context);
  const { db } = context;
  return {
    profile: getConsortium(db),
    settings: getSettings(db),
    goals: listGoals(db),
    organs: listOrganMembers(db).filter((o) => o.current),
    canEditOrgans: can(actor, "update", "organ"),
    canEditProfile: can(actor, "update", "consortium"),
    canEditSettings: can(actor, "update", "settings"),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const post = await readIntent(request, context, ["profile", "settings"]);
  if (post.refused) return post.refused;
  const { actor, intent, run } = post;
  switch (intent) {
    case "profile":
      return run(profileSchema, (v) => {
        updateConsortium(context, actor, v);
        return redirect("/admin?saved=profile");
      });
    case "settings":
      return run(settingsFormSchema, (v) => {
        updateSettings(context, actor, v);
        return redirect("/admin?saved=settings");
      });
  }
}

export default function AdminProfile() {
  const { profile, settings, goals, organs, canEditOrgans, canEditProfile, canEditSettings } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as IntentReply | undefined;
  const [params] = useSearchParams();
  const t = useT();
  const saved = params.get("saved");
  const replyFor = (intent: string) => (reply?.intent === intent ? reply : undefined);
  return (
    <>
      <SavedAlert text={saved === "profile" ? t("admin.profileSaved") : saved === "settings" ? t("admin.settingsSaved") : null} />
      <section className="panel" aria-labelledby="profile-h">
        <h2 id="profile-h">{t("admin.profileTitle")}</h2>
        <ProfileForm key={profile.version} profile={profile} reply={replyFor("profile")} readOnly={!canEditProfile} />
      </section>
      <ConsortiumFacts goals={goals} organs={organs} editable={canEditOrgans} />
      <section className="panel" aria-labelledby="settings-h">
        <h2 id="settings-h">{t("admin.settingsTitle")}</h2>
        <p className="muted">{t("admin.settingsHint")}</p>
        <SettingsForm
          key={JSON.stringify(settings)}
          settings={settings}
          province={profile.province as "zhejiang" | "jiangsu"}
          reply={replyFor("settings")}
          readOnly={!canEditSettings}
        />
      </section>
    </>
  );
}
