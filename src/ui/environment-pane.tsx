import type { Exchange } from "../server/exchange.ts";
import { explain, GROUP_TITLE, removedSince, sectionEnv } from "./model/env-model.ts";

function envOf(x: Exchange | null): [string, string][] | undefined {
  return x?.cgi?.env ?? x?.fastcgi?.[0]?.env;
}

export function EnvironmentPane({ exchange, previous }: { exchange: Exchange | null; previous: Exchange | null }) {
  const env = envOf(exchange);
  const prev = envOf(previous);
  return (
    <section className="pane env-pane" role="region" aria-label="Environment">
      <h2 className="pane-title">
        Environment {env && <span className="count">{env.length} variables</span>}
      </h2>
      <div className="pane-body" tabIndex={0}>
        {!exchange && <p className="muted">Run a request to see the meta-variables the server hands to the script.</p>}
        {exchange && !env && (
          <p className="muted">
            No program ran for this request (handler <code>{exchange.handler}</code>), so there is no CGI environment.
          </p>
        )}
        {env &&
          sectionEnv(env, prev).map((s) => (
            <table key={s.group} className="env-table">
              <caption>{GROUP_TITLE[s.group]}</caption>
              <tbody>
                {s.rows.map((r) => (
                  <tr key={r.name} className={r.change !== "same" ? "changed" : undefined}>
                    <th scope="row" title={explain(r.name)}>
                      {r.name}
                    </th>
                    <td>
                      <code>{r.value === "" ? <span className="muted">(empty)</span> : r.value}</code>
                      {r.change === "changed" && (
                        <span className="change-mark" title={`was: ${r.before === "" ? "(empty)" : r.before}`}>
                          changed
                        </span>
                      )}
                      {r.change === "new" && <span className="change-mark">new</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ))}
        {env && removedSince(env, prev).length > 0 && (
          <p className="muted small">Not set any more: {removedSince(env, prev).join(", ")}</p>
        )}
      </div>
    </section>
  );
}
