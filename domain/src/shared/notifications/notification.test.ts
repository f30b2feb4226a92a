import { describe, expect, it } from 'vitest';
import { NotificationListeners, type Notification } from './notification.js';

const late: Notification = {
  id: 'n-1',
  kind: 'DATASET_LATE',
  datasetUrn: 'urn:li:dataset:(urn:li:dataPlatform:hive,sales.orders,PROD)',
  at: 1_700_000_000_000,
  title: 'sales.orders is late',
  detail: 'expected daily',
  groups: ['de', 'da'],
  lateBySeconds: 3600,
};

describe('NotificationListeners', () => {
  it('hands a notification to every listener until it unsubscribes', () => {
    const listeners = new NotificationListeners();
    const first: string[] = [];
    const second: string[] = [];
    const stopFirst = listeners.add((n) => first.push(n.id));
    listeners.add((n) => second.push(n.id));
    listeners.deliver(late);
    stopFirst();
    listeners.deliver({ ...late, id: 'n-2' });
    expect(first).toEqual(['n-1']);
    expect(second).toEqual(['n-1', 'n-2']);
  });

  it('reads JSON from another process and drops a message that is not JSON', () => {
    const listeners = new NotificationListeners();
    const heard: Notification[] = [];
    listeners.add((n) => heard.push(n));
    listeners.deliverJson('not json {');
    listeners.deliverJson(JSON.stringify(late));
    expect(heard).toEqual([late]);
  });

  it('hears nothing after clear', () => {
    const listeners = new NotificationListeners();
    const heard: string[] = [];
    listeners.add((n) => heard.push(n.id));
    listeners.clear();
    listeners.deliver(late);
    expect(heard).toEqual([]);
  });
});
