import { useState } from 'preact/hooks';
import { ApiError, get, send } from '../api/client';
import type { Project } from '../api/types';
import { useAction } from '../api/use-action';
import { useResource } from '../api/use-resource';
import { Choice } from '../components/choice';
import { PageTitle } from '../components/page-title';
import { Loaded, Problem } from '../components/states';
import { can, type Session } from '../lib/permissions';
import { sdkSnippets } from '../lib/sdk-snippets';

/** The DSN, and the setup of the SDK the reader picks, with the DSN filled in. */
function Dsn({ project }: { readonly project: Project }) {
  const snippets = sdkSnippets(project.dsn);
  const [sdk, setSdk] = useState(snippets[0]?.id ?? '');
  const shown = snippets.find((snippet) => snippet.id === sdk) ?? snippets[0];
  return (
    <div class="dsn">
      <label>
        DSN of {project.name}
        <input type="text" readOnly class="mono" value={project.dsn} onFocus={(event) => event.currentTarget.select()} />
      </label>
      <Choice
        label={`SDK for ${project.name}`}
        value={shown?.id ?? ''}
        options={snippets.map((snippet) => [snippet.id, snippet.label] as const)}
        onChange={(id) => setSdk(id)}
      />
      {shown && (
        <figure class="snippet">
          <figcaption>
            Install: <code>{shown.install}</code>
          </figcaption>
          <pre class="mono">{shown.code}</pre>
        </figure>
      )}
    </div>
  );
}

/** A reporting project's DSN, fetched when asked for; one without a DSN yet can be given one. */
function ProjectRow({ name, mayCreate }: { readonly name: string; readonly mayCreate: boolean }) {
  const [project, setProject] = useState<Project | null>();
  const { error, run } = useAction();
  const load = async () => {
    await run(async () => {
      try {
        setProject(await get<Project>(`/api/projects/${encodeURIComponent(name)}`));
      } catch (caught) {
        if (!(caught instanceof ApiError && caught.status === 404)) throw caught;
        setProject(null);
      }
    });
  };
  const create = () => run(async () => setProject(await send<Project>('POST', '/api/projects', { name })));
  return (
    <li>
      <h3>{name}</h3>
      {project === undefined && (
        <button type="button" onClick={() => void load()}>
          Show DSN of {name}
        </button>
      )}
      {project === null &&
        (mayCreate ? (
          <button type="button" onClick={() => void create()}>
            Create a DSN for {name}
          </button>
        ) : (
          <p class="muted">No DSN yet: it reports with API keys.</p>
        ))}
      {project && <Dsn project={project} />}
      <Problem error={error} />
    </li>
  );
}

function CreateProject({ onCreated }: { readonly onCreated: (project: Project) => void }) {
  const [name, setName] = useState('');
  const { error, run } = useAction();
  const submit = async (event: Event) => {
    event.preventDefault();
    await run(async () => {
      onCreated(await send<Project>('POST', '/api/projects', { name: name.trim() }));
      setName('');
    });
  };
  return (
    <form class="inline-form" onSubmit={(event) => void submit(event)}>
      <label>
        New project name
        <input type="text" required maxLength={100} value={name} onInput={(event) => setName(event.currentTarget.value)} />
      </label>
      <button type="submit" class="primary">
        Create project
      </button>
      <Problem error={error} />
    </form>
  );
}

export function ProjectsView({ session }: { readonly session: Session }) {
  const projects = useResource<{ projects: string[] }>('/api/projects');
  const [created, setCreated] = useState<Project>();
  const mayCreate = can(session, 'write');
  return (
    <>
      <PageTitle text="Projects" />
      <p>Sentry SDKs report to a project through its DSN; anything else reports with an API key and a project name.</p>
      {mayCreate && <CreateProject onCreated={setCreated} />}
      {created && (
        <section class="notice success" aria-labelledby="created">
          <h2 id="created">Created {created.name}</h2>
          <Dsn project={created} />
        </section>
      )}
      <h2>Projects that have reported</h2>
      <Loaded resource={projects}>
        {(data) =>
          data.projects.length === 0 ? (
            <p class="muted">No project has reported an error yet.</p>
          ) : (
            <ul class="projects">
              {data.projects.map((name) => (
                <ProjectRow key={name} name={name} mayCreate={mayCreate} />
              ))}
            </ul>
          )
        }
      </Loaded>
    </>
  );
}
