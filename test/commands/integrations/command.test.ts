import { describe, expect, it } from 'vitest';
import { integrationsCommand } from '../../../src/commands/integrations/command.js';
import { parse } from '../parse.js';

describe('integrations command', () => {
  it('integrations: the list, as a table', async () => {
    expect((await parse(integrationsCommand, ['integrations'])).options).toEqual({ json: false, id: undefined });
  });

  it('integrations ID --json: one entry, for scripts', async () => {
    expect((await parse(integrationsCommand, ['--json', 'integrations', 'msgraph-user'])).options).toEqual({
      json: true,
      id: 'msgraph-user',
    });
  });

  it('integrations: a second argument is a usage error', async () => {
    await expect(parse(integrationsCommand, ['integrations', 'a', 'b'])).rejects.toThrow('too many arguments');
  });
});
