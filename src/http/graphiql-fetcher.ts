/**
 * The script GraphiQL's page runs instead of Yoga's own fetcher. Yoga's GraphiQL opens the socket
 * with an empty `connection_init` payload (the Headers tab's headers go only into each operation's
 * `extensions`), so the gateway, which authenticates in `connection_init`, closes it with 4403 and
 * Yoga's client retries forever. This fetcher sends the Headers tab's headers as the socket's
 * `connectionParams` (one socket per subscription, so an edited header takes effect on the next
 * run), never retries, and shows a refused or dropped socket as an error in the result pane.
 * Queries and mutations go over HTTP with the same headers.
 *
 * It also prefills the editor from a link's `variables` and `operationName` (Yoga reads `query`
 * itself). Plain ES2020, part of the GraphiQL bundle (graphiql.ts): no CDN, no build step.
 */
export const GRAPHIQL_FETCHER_SCRIPT = String.raw`
function gatewayGraphiQLOptions(options) {
  var endpoint = new URL(options.endpoint || location.pathname, location.href);
  var socketUrl = endpoint.href.replace(/^http/, 'ws');
  var link = new URL(location.href).searchParams;
  var result = Object.assign({}, options);
  delete result.endpoint; // Yoga warns when an endpoint is given beside a fetcher
  if (link.get('variables')) result.variables = link.get('variables');
  if (link.get('operationName')) result.operationName = link.get('operationName');

  function operationOf(params, opts) {
    var definitions = (opts && opts.documentAST && opts.documentAST.definitions) || [];
    for (var i = 0; i < definitions.length; i++) {
      var d = definitions[i];
      if (d.kind === 'OperationDefinition' && (!params.operationName || (d.name && d.name.value === params.operationName))) return d.operation;
    }
    return /^\s*subscription\b/m.test(params.query || '') ? 'subscription' : 'query';
  }

  async function overHttp(params, headers) {
    var response = await fetch(endpoint.href, {
      method: 'POST',
      headers: Object.assign({ 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' }, headers),
      body: JSON.stringify(params),
    });
    var text = await response.text();
    try {
      return JSON.parse(text);
    } catch (e) {
      return { errors: [{ message: 'HTTP ' + response.status + ': ' + text.slice(0, 200) }] };
    }
  }

  function closeReason(event) {
    if (event.code === 4403) return 'The gateway refused the subscription socket (4403 Forbidden): check the Authorization header in the Headers tab.';
    if (event.code === 4429) return 'The gateway refused the subscription socket (4429 rate limited): ' + (event.reason || 'try again later') + '.';
    return 'The subscription socket closed (' + event.code + (event.reason ? ': ' + event.reason : '') + '). Run the operation again to reconnect.';
  }

  function overSocket(params, headers) {
    var queue = [];
    var waiting = null;
    var finished = false;
    var socket = new WebSocket(socketUrl, 'graphql-transport-ws');
    function push(value, last) {
      if (finished) return;
      if (last) finished = true;
      var item = { value: value, last: !!last };
      if (waiting) { var w = waiting; waiting = null; w(item); } else queue.push(item);
    }
    socket.onopen = function () { socket.send(JSON.stringify({ type: 'connection_init', payload: headers })); };
    socket.onmessage = function (event) {
      var message = JSON.parse(event.data);
      if (message.type === 'connection_ack') socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: params }));
      else if (message.type === 'ping') socket.send(JSON.stringify({ type: 'pong' }));
      else if (message.type === 'next') push(message.payload);
      else if (message.type === 'error') { push({ errors: message.payload }, true); socket.close(1000); }
      else if (message.type === 'complete') { push(undefined, true); socket.close(1000); }
    };
    socket.onclose = function (event) {
      if (event.code === 1000) push(undefined, true);
      else push({ errors: [{ message: closeReason(event), extensions: { closeCode: event.code } }] }, true);
    };
    var iterator = {
      next: function () {
        var item = queue.shift();
        var got = item ? Promise.resolve(item) : new Promise(function (resolve) { waiting = resolve; });
        return got.then(function (it) {
          if (it.value === undefined) return { done: true, value: undefined };
          if (it.last) queue.push({ value: undefined, last: true }); // the error shows, then the run ends
          return { done: false, value: it.value };
        });
      },
      return: function () {
        finished = true;
        if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ id: '1', type: 'complete' }));
        socket.close(1000);
        if (waiting) { var w = waiting; waiting = null; w({ value: undefined, last: true }); }
        return Promise.resolve({ done: true, value: undefined });
      },
    };
    iterator[Symbol.asyncIterator] = function () { return iterator; };
    return iterator;
  }

  result.fetcher = function (params, opts) {
    var headers = (opts && opts.headers) || {};
    return operationOf(params, opts) === 'subscription' ? overSocket(params, headers) : overHttp(params, headers);
  };
  return result;
}
`;
