/**
 * Why a loopback port can be refused (EACCES) on each platform. On Windows, ports below
 * 1024 need no privilege; a refused port is almost always inside a range Hyper-V, WSL 2
 * or Docker reserved (they move at every boot), which netsh lists.
 */
export function listenDeniedHint(port: number, platform: NodeJS.Platform): string {
  if (platform === 'win32') {
    return `Port ${port} is probably reserved by Hyper-V, WSL 2 or Docker: list the reserved ranges with \`netsh interface ipv4 show excludedportrange protocol=tcp\` and register a redirect URI with a port outside them.`;
  }
  return 'Ports below 1024 need privileges: use a redirect URI with a higher port.';
}
