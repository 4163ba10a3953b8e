//! Hands a run's HTTP exchanges to the history store (for replay).

use std::sync::Arc;
use switchyard_connectors::RecordedExchange;
use switchyard_connectors::http::ExchangeLog;
use switchyard_store::HistoryStore;

pub(crate) struct StoreExchanges {
    pub store: Arc<HistoryStore>,
    pub run_id: String,
}

impl ExchangeLog for StoreExchanges {
    fn record(&self, exchange: RecordedExchange) {
        self.store.record_exchange(
            &self.run_id,
            &exchange.node_id,
            &exchange.request,
            &exchange.response,
        );
    }
}
